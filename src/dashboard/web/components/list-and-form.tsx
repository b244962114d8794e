import type { ComponentChildren } from 'preact';

/**
 * A list of records beside the form that creates or edits one: two sections, each named by its
 * heading (`listId`, `formId` are the headings' ids).
 */
export function ListAndForm({
  listId,
  title,
  list,
  formId,
  formTitle,
  form,
}: {
  listId: string;
  title: string;
  list: ComponentChildren;
  formId: string;
  formTitle: string;
  form: ComponentChildren;
}) {
  return (
    <div class="two-col wide-left">
      <section aria-labelledby={listId}>
        <h2 id={listId}>{title}</h2>
        {list}
      </section>
      <section aria-labelledby={formId}>
        <h2 id={formId}>{formTitle}</h2>
        {form}
      </section>
    </div>
  );
}
