import type { TicketPriority, TicketStatus } from '@/db/schema';

/** Each status as people read it: in the UI, and in `{ticket_status}`. */
export const statusLabels: Record<TicketStatus, string> = { new: 'New', open: 'Open', hold: 'On hold', closed: 'Closed' };

export const priorityLabels: Record<TicketPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };
