import { PageHeader } from '../ui/common';

/** Stand-in for a section whose pages are not written yet. */
export default function PlaceholderPage() {
  return (
    <section>
      <PageHeader title="建设中" />
      <p>本栏目正在建设中。</p>
    </section>
  );
}
