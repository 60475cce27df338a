import { useState, type ChangeEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import { Button, PageHeader } from '../../ui/common';
import { CheckboxField, Form, SelectField, TextAreaField, optional, useFormValues } from '../../ui/form';
import { downloadText } from './download';
import { SUPERVISING_LEVELS, useOrgUnitOptions } from './org-units';
import { StationStatusBadge } from './station-status';

const ImportMutation = graphql(`
  mutation StationsImport($csv: String!, $orgUnitId: ID, $activate: Boolean) {
    importStations(csv: $csv, orgUnitId: $orgUnitId, activate: $activate) {
      count
      stations {
        id
        code
        name
        status
      }
    }
  }
`);

/** The import columns as the export writes them (站点编号, 状态, 撤销原因 of an export are ignored). */
const COLUMNS = ['站点名称', '类别', '建站企业', '统一社会信用代码', '地址', '联系人', '联系电话', '监管单位', '设立日期'];
const TEMPLATE = `\uFEFF${COLUMNS.join(',')}\r\n`;

/** One refused row as the API lists it in extensions.rowErrors. */
interface RowError {
  row: number;
  column: string | null;
  field: string | null;
  message: string;
}

function rowErrorsOf(error: CombinedError | undefined): RowError[] {
  const list = error?.graphQLErrors.flatMap((e) => (Array.isArray(e.extensions?.rowErrors) ? (e.extensions.rowErrors as RowError[]) : [])) ?? [];
  return list.filter((r) => r && typeof r.row === 'number' && typeof r.message === 'string');
}

/**
 * CSV import (importStations): the whole file or nothing. A refused file lists every bad row
 * with its column and the reason, so the officer fixes the spreadsheet and sends it again.
 */
export default function ImportPage() {
  const { options: units } = useOrgUnitOptions(SUPERVISING_LEVELS);
  const { values, bind, set } = useFormValues({ csv: '', orgUnitId: '' });
  const [activate, setActivate] = useState(false);
  const [fileName, setFileName] = useState('');
  const [result, importStations] = useMutation(ImportMutation);
  const rows = rowErrorsOf(result.error);

  const readFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    set('csv', await file.text());
  };
  const submit = () => importStations({ csv: values.csv, orgUnitId: optional(values.orgUnitId), activate });
  const imported = result.data?.importStations;

  return (
    <section>
      <PageHeader
        title="导入站点"
        actions={
          <>
            <Button onClick={() => downloadText(TEMPLATE, '站点导入模板.csv')}>下载模板</Button>
            <Link className="btn btn-secondary" to="/stations">
              返回名录
            </Link>
          </>
        }
      >
        <p className="muted">
          CSV 文件（UTF-8），首行为表头：{COLUMNS.join('、')}。类别填中文（商场、超市、市场、企业、景区、其它）；监管单位填单位名称，留空则用下面选择的单位。任一行有误则整个文件不导入。
        </p>
      </PageHeader>

      {imported ? (
        <div className="panel" data-testid="import-result">
          <p className="notice notice-success" role="status">
            已导入 {imported.count} 个站点。
          </p>
          <ul>
            {imported.stations.map((s) => (
              <li key={s.id}>
                <Link to={`/stations/${s.id}`}>{s.name}</Link>（{s.code}） <StationStatusBadge status={s.status} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="panel">
        <Form error={result.error} onSubmit={submit} aria-label="导入站点">
          <div className="field">
            <span className="field-label">CSV 文件</span>
            <div className="file-picker">
              {/* The browser's own file button speaks the browser's language; this one is Chinese. */}
              <label className="btn btn-secondary file-button">
                选择 CSV 文件
                <input type="file" className="visually-hidden" accept=".csv,text/csv" onChange={readFile} />
              </label>
              <span className="muted">{fileName ? `已读取 ${fileName}，可在下方核对或修改。` : '未选择文件，也可直接粘贴内容。'}</span>
            </div>
          </div>
          <TextAreaField name="csv" label="CSV 内容" required rows={8} spellCheck={false} className="mono" {...bind('csv')} />
          <div className="form-grid">
            <SelectField name="orgUnitId" label="默认监管单位" hint="“监管单位”列为空的行所属的单位" placeholder="（不指定）" options={units} {...bind('orgUnitId')} />
            <CheckboxField name="activate" label="导入即为正常状态（默认待审批）" checked={activate} onChange={setActivate} />
          </div>
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={result.fetching}>
              导入
            </Button>
          </div>
        </Form>
      </div>

      {rows.length ? (
        <div className="panel" data-testid="row-errors">
          <h2>各行错误（共 {new Set(rows.map((r) => r.row)).size} 行）</h2>
          <div className="table-wrap">
            <table className="table" aria-label="各行错误">
              <thead>
                <tr>
                  <th scope="col">行号</th>
                  <th scope="col">列</th>
                  <th scope="col">错误</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i} className="row-overdue">
                    <td>第 {r.row} 行</td>
                    <td>{r.column ?? '—'}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
