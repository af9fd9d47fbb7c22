'use client';

import { useState } from 'react';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, Checkbox, FormMessages, TextArea, TextField } from '@/app/_components/ui';
import type { Settings } from '@/lib/core/settings';
import { saveSettingsAction } from './actions';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <legend className="px-1 text-lg font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

function Hint({ children }: { children: React.ReactNode }) {
  return <p className="-mt-2 ml-6 text-xs text-slate-500">{children}</p>;
}

/** The settings pages' forms: each saves only its own section's settings (the action reads `section`). */
export type SettingsSection = 'general' | 'tickets' | 'inbound';

export function SettingsForm({ section, settings }: { section: SettingsSection; settings: Settings }) {
  const { state, pending, formProps, messages } = useFormAction(saveSettingsAction);
  const errors = state.fields ?? {};
  const Fields = sectionFields[section];
  return (
    <form {...formProps} className="space-y-6" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="section" value={section} />
      {/* Keyed by the saved values, so the fields show what was stored after each save. */}
      <Fields key={JSON.stringify(settings)} settings={settings} errors={errors} />
      <Button type="submit" pending={pending}>
        Save settings
      </Button>
    </form>
  );
}

type FieldsProps = { settings: Settings; errors: Record<string, string> };

function GeneralFields({ settings, errors }: FieldsProps) {
  return (
    <>
      <Section title="Site">
        <TextField label="Site name" name="siteName" defaultValue={settings.siteName} error={errors.siteName} autoComplete="off" required />
      </Section>
      <Section title="Sign-in">
        <Checkbox label="Require two-factor sign-in for every agent" name="requireTwoFactor" defaultChecked={settings.requireTwoFactor} />
        <Hint>
          Agents without it are sent to Your account to set it up before anything else. API tokens are not affected. Turn it on once
          your own account has it.
        </Hint>
        {errors.requireTwoFactor ? (
          <p role="alert" className="ml-6 text-sm text-red-700">
            {errors.requireTwoFactor}
          </p>
        ) : null}
      </Section>
    </>
  );
}

function InboundFields({ settings, errors }: FieldsProps) {
  return (
    <Section title="Senders">
      <TextArea
        label="Blocked senders"
        name="inboundBlocklist"
        rows={4}
        defaultValue={settings.inboundBlocklist.join('\n')}
        error={Object.entries(errors).find(([key]) => key.startsWith('inboundBlocklist'))?.[1]}
        hint="One address (someone@example.com) or domain (example.com) per line. Their mail is refused and they are never added to a ticket."
      />
      <TextField
        label="DMARC: authserv-id of your receiving mail server"
        name="dmarcAuthservId"
        defaultValue={settings.dmarcAuthservId}
        error={errors.dmarcAuthservId}
        hint="The first word of the Authentication-Results header your own server adds (e.g. mx.example.com). Mail it marks dmarc=fail counts as from an unknown sender."
        autoComplete="off"
      />
    </Section>
  );
}

function TicketFields({ settings, errors }: FieldsProps) {
  const [participantsEnabled, setParticipantsEnabled] = useState(settings.participantsEnabled);
  return (
    <>
      <Section title="Tickets">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Ticket number prefix" name="ticketPrefix" defaultValue={settings.ticketPrefix} error={errors.ticketPrefix} autoComplete="off" />
          <TextField label="Ticket number suffix" name="ticketSuffix" defaultValue={settings.ticketSuffix} error={errors.ticketSuffix} autoComplete="off" />
          <TextField
            label="First ticket number"
            name="ticketNumberStart"
            inputMode="numeric"
            defaultValue={settings.ticketNumberStart}
            error={errors.ticketNumberStart}
            hint="New tickets continue after the highest existing number."
            autoComplete="off"
          />
        </div>
        <Checkbox
          label="Restrict agents to tickets assigned to them or unassigned"
          name="restrictAgentsToAssigned"
          defaultChecked={settings.restrictAgentsToAssigned}
        />
        <Hint>Administrators always see every ticket.</Hint>
        <Checkbox label="Customers may reopen closed tickets" name="customersCanReopen" defaultChecked={settings.customersCanReopen} />
        <TextField
          label="Close tickets on hold after (days)"
          name="autoCloseOnHoldDays"
          inputMode="numeric"
          defaultValue={settings.autoCloseOnHoldDays ?? ''}
          error={errors.autoCloseOnHoldDays}
          hint="Empty: never. Two days before, the customer and participants are emailed that it will close unless they reply; a snoozed ticket is left alone."
          autoComplete="off"
        />
        <Checkbox
          label="Enable participants"
          name="participantsEnabled"
          checked={participantsEnabled}
          onChange={(event) => setParticipantsEnabled(event.currentTarget.checked)}
        />
        <Hint>People added to a ticket (colleagues or anyone else) may view and reply to it through their own link.</Hint>
        {/* Beside the switch they depend on. */}
        {participantsEnabled ? (
          <>
            <Checkbox label="Add email senders as participants" name="autoAddParticipants" defaultChecked={settings.autoAddParticipants} />
            <Hint>
              Someone who emails a ticket without being its customer, a colleague or a participant is added as a participant, and so are the
              people the customer or a participant puts in To or Cc. When off, such mail waits under Admin → Inbound.
            </Hint>
            <Checkbox label="Copy participants" name="copyParticipants" defaultChecked={settings.copyParticipants} />
            <Hint>Email every participant when the ticket is updated.</Hint>
            <Checkbox label="Customers and participants may add people" name="participantsMayAddPeople" defaultChecked={settings.participantsMayAddPeople} />
            <Hint>
              On their personal page the customer and each participant may add a person by email (at most 10 a day per link); they may
              remove only the people they added. People they put in To or Cc of an email join the ticket too.
            </Hint>
          </>
        ) : null}
        <Checkbox label="Ask for a rating when a ticket is closed" name="askForRating" defaultChecked={settings.askForRating} />
        <Hint>
          The closing email asks “How did we do? Good / Not good”. Each answer is shown on the ticket with who gave it; the agent who
          closed the ticket is told about a “Not good”.
        </Hint>
        {participantsEnabled ? (
          <>
            <Checkbox label="Ask participants for a rating too" name="ratingAsksParticipants" defaultChecked={settings.ratingAsksParticipants} />
            <Hint>Each participant gets the closing email with their own rating links, and their rating is counted apart from the customer’s.</Hint>
          </>
        ) : null}
      </Section>
    </>
  );
}

const sectionFields: Record<SettingsSection, (props: FieldsProps) => React.ReactNode> = { general: GeneralFields, tickets: TicketFields, inbound: InboundFields };
