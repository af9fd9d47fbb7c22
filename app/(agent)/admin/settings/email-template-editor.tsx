'use client';

import { AutoHeightFrame } from '@/app/_components/auto-height-frame';
import { startTransition, useActionState, useEffect, useRef, useState } from 'react';
import { useFormAction } from '@/app/_components/use-form-action';
import { Badge, Button, ErrorAlert, FormMessages, SelectField, SuccessNote, TextArea, TextField } from '@/app/_components/ui';
import type { EmailTemplateView } from '@/lib/mail/template-settings';
import { previewEmailTemplateAction, resetEmailTemplateAction, retryEmailAction, saveEmailTemplateAction } from './email-actions';

export function EmailTemplateEditor({ templates }: { templates: EmailTemplateView[] }) {
  const [key, setKey] = useState(templates[0].key);
  const template = templates.find((t) => t.key === key) ?? templates[0];
  return (
    <div className="space-y-4">
      <SelectField label="Template" name="template" value={key} onChange={(event) => setKey(event.currentTarget.value as typeof key)}>
        {templates.map((t) => (
          <option key={t.key} value={t.key}>
            {t.label}
            {t.customized ? ' (customized)' : ''}
          </option>
        ))}
      </SelectField>
      {/* One editor per template, so messages and previews belong to the template they were made for. */}
      <TemplateForm key={template.key} template={template} />
    </div>
  );
}

function TemplateForm({ template }: { template: EmailTemplateView }) {
  const [saved, save, saving] = useActionState(saveEmailTemplateAction, {});
  const [preview, showPreview, previewing] = useActionState(previewEmailTemplateAction, {});
  const [lastAction, setLastAction] = useState<'save' | 'preview' | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const pending = saving || previewing;

  // As useFormAction does: after an error, focus goes to the first invalid field.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [saved, preview]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const formData = new FormData(event.currentTarget);
    const wantsPreview = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('name') === 'preview';
    setLastAction(wantsPreview ? 'preview' : 'save');
    startTransition(() => (wantsPreview ? showPreview(formData) : save(formData)));
  }

  const state = pending ? {} : lastAction === 'preview' ? preview : saved;
  const errors = state.fields ?? {};
  const previewHtml = lastAction === 'preview' && preview.ok && typeof preview.data?.html === 'string' ? preview.data.html : null;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Sent to: {template.audience}. {template.customized ? <Badge tone="indigo">Customized</Badge> : <Badge>Built-in text</Badge>}
      </p>
      <form ref={formRef} onSubmit={onSubmit} className="space-y-4" noValidate>
        <div className="contents">
          <ErrorAlert message={state.error} />
          <SuccessNote message={lastAction === 'save' && state.ok ? state.message : null} />
        </div>
        <input type="hidden" name="key" value={template.key} />
        {/* Keyed by the stored text, so a reset shows the built-in text again while typing is kept on errors. */}
        <div key={`${template.subject}\u0000${template.body}`} className="space-y-4">
          <TextField label="Subject" name="subject" defaultValue={template.subject} error={errors.subject} autoComplete="off" />
          <TextArea label="Body" name="body" defaultValue={template.body} error={errors.body} rows={10} />
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="save" pending={saving}>
            Save template
          </Button>
          <Button type="submit" name="preview" variant="secondary" pending={previewing}>
            Preview
          </Button>
        </div>
      </form>
      {template.customized ? <ResetTemplateButton templateKey={template.key} /> : null}
      {previewHtml ? (
        <section aria-label="Email preview" className="space-y-2">
          <p className="text-sm">
            <span className="font-medium">Subject:</span> {String(preview.data?.subject ?? '')}
          </p>
          {/* sandbox with no permissions: the preview's HTML can run nothing and reach nothing. */}
          <AutoHeightFrame title="Email preview" html={previewHtml} className="min-h-40 rounded-md border border-slate-200 bg-white" />
        </section>
      ) : null}
    </div>
  );
}

function ResetTemplateButton({ templateKey }: { templateKey: string }) {
  const { pending, formProps, messages } = useFormAction(resetEmailTemplateAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="key" value={templateKey} />
      <FormMessages {...messages} />
      <Button type="submit" variant="secondary" pending={pending}>
        Reset to built-in text
      </Button>
    </form>
  );
}

export function RetryEmailButton({ id, recipient }: { id: number; recipient: string }) {
  const { pending, formProps, messages } = useFormAction(retryEmailAction);
  return (
    <form {...formProps}>
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" pending={pending} aria-label={`Retry email to ${recipient}`}>
        Retry
      </Button>
      <FormMessages {...messages} />
    </form>
  );
}
