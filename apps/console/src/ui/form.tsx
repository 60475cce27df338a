import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import type { CombinedError } from 'urql';
import { apiErrors, type ApiError } from '../app/errors';

/**
 * Forms that show the API's errors where they belong: an error whose `extensions.field` names a
 * <Field> of the form appears beside that field (and the first such field gets focus); every
 * other error (no field, or a field the form does not show) appears in the form's error banner.
 */

interface FormContextValue {
  errors: ApiError[];
  register(name: string): () => void;
}

const FormContext = createContext<FormContextValue>({ errors: [], register: () => () => undefined });

export interface FormProps {
  /** The mutation's error (urql's CombinedError) or errors found before sending. */
  error?: CombinedError | ApiError[] | null;
  onSubmit(): void;
  children: ReactNode;
  className?: string;
  'aria-label'?: string;
}

export function Form({ error, onSubmit, children, className, ...rest }: FormProps) {
  const errors = useMemo(() => (Array.isArray(error) ? error : apiErrors(error)), [error]);
  const [names, setNames] = useState<ReadonlySet<string>>(new Set());
  const formRef = useRef<HTMLFormElement>(null);
  const register = useCallback((name: string) => {
    setNames((s) => new Set(s).add(name));
    return () =>
      setNames((s) => {
        const n = new Set(s);
        n.delete(name);
        return n;
      });
  }, []);
  const ctx = useMemo(() => ({ errors, register }), [errors, register]);
  const general = errors.filter((e) => !e.field || !names.has(e.field));
  // Keyboard users land on the first field the API rejected.
  useEffect(() => {
    const first = errors.find((e) => e.field && names.has(e.field));
    if (!first) return;
    formRef.current?.querySelector<HTMLElement>(`[data-field="${first.field}"] :is(input,select,textarea)`)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [errors]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <FormContext.Provider value={ctx}>
      <form ref={formRef} className={className ?? 'form'} onSubmit={submit} noValidate {...rest}>
        {children}
        <ErrorBanner errors={general} />
      </form>
    </FormContext.Provider>
  );
}

/** Errors as an alert box: Chinese message, the code in small print. */
export function ErrorBanner({ errors, error }: { errors?: ApiError[]; error?: CombinedError | null }) {
  const list = errors ?? apiErrors(error);
  if (!list.length) return null;
  return (
    <div className="error-banner" role="alert">
      {list.map((e, i) => (
        <p key={i}>
          {e.message} <code className="error-code">{e.code}</code>
        </p>
      ))}
    </div>
  );
}

/** The message beside its field, without the API's "<field>: " prefix (the label says which field). */
function fieldMessage(e: ApiError): string {
  return e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
}

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

export interface FieldProps {
  /** The input's property name as the API names it in extensions.field. */
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  children(control: ControlProps): ReactNode;
}

/** A labelled control with its hint and the API's error for `name` beside it. */
export function Field({ name, label, hint, required, className, children }: FieldProps) {
  const { errors, register } = useContext(FormContext);
  useEffect(() => register(name), [name, register]);
  const id = useId();
  const error = errors.find((e) => e.field === name);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`} data-field={name}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required" aria-hidden="true"> *</span> : null}
      </label>
      {children({ id, name, 'aria-invalid': !!error, 'aria-describedby': describedBy })}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {fieldMessage(error)}
        </p>
      ) : null}
    </div>
  );
}

type Common = Omit<FieldProps, 'children'>;

export function TextField({ name, label, hint, required, className, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field name={name} label={label} hint={hint} required={required} className={className}>
      {(c) => <input {...input} {...c} required={required} />}
    </Field>
  );
}

export function TextAreaField({ name, label, hint, required, className, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field name={name} label={label} hint={hint} required={required} className={className}>
      {(c) => <textarea rows={4} {...input} {...c} required={required} />}
    </Field>
  );
}

export function SelectField<V extends string>({
  name,
  label,
  hint,
  required,
  className,
  options,
  placeholder,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: V; label: string }[]; placeholder?: string }) {
  return (
    <Field name={name} label={label} hint={hint} required={required} className={className}>
      {(c) => (
        <select {...select} {...c} required={required}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Yes / no / not asked: a three-way answer as radio buttons (checklist questions). */
export function TriStateField({ name, label, value, onChange }: { name: string; label: ReactNode; value: boolean | null; onChange(v: boolean | null): void }) {
  const { errors, register } = useContext(FormContext);
  useEffect(() => register(name), [name, register]);
  const id = useId();
  const error = errors.find((e) => e.field === name);
  const opts: { v: boolean | null; label: string }[] = [
    { v: true, label: '是' },
    { v: false, label: '否' },
    { v: null, label: '未询问' },
  ];
  return (
    <fieldset className={`field tri${error ? ' field-invalid' : ''}`} data-field={name} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{label}</legend>
      <div className="tri-options">
        {opts.map((o) => (
          <label key={String(o.v)} className="radio">
            <input type="radio" name={`${id}-${name}`} checked={value === o.v} onChange={() => onChange(o.v)} />
            {o.label}
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {fieldMessage(error)}
        </p>
      ) : null}
    </fieldset>
  );
}

export function CheckboxField({ name, label, checked, onChange }: { name: string; label: ReactNode; checked: boolean; onChange(v: boolean): void }) {
  const { errors, register } = useContext(FormContext);
  useEffect(() => register(name), [name, register]);
  const error = errors.find((e) => e.field === name);
  return (
    <div className={`field checkbox${error ? ' field-invalid' : ''}`} data-field={name}>
      <label className="radio">
        <input type="checkbox" name={name} checked={checked} aria-invalid={!!error} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {error ? (
        <p className="field-error" role="alert">
          {fieldMessage(error)}
        </p>
      ) : null}
    </div>
  );
}

/** Form state as one object: `bind('name')` gives value/onChange for an input, select or textarea. */
export function useFormValues<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => setValues((v) => ({ ...v, [key]: value })), []);
  const bind = useCallback(
    (key: keyof T & string) => ({
      value: values[key],
      onChange: (e: { target: { value: string } }) => set(key, e.target.value as T[typeof key]),
    }),
    [values, set],
  );
  return { values, set, bind, reset: () => setValues(initial) };
}

/** '' → null (optional inputs); otherwise the trimmed text. */
export function optional(value: string): string | null {
  const v = value.trim();
  return v === '' ? null : v;
}
