import { Card } from '@/app/_components/ui';

export default function LeftTicketPage() {
  return (
    <Card>
      <h1 className="text-xl font-semibold">You have left this ticket</h1>
      <p className="mt-2 text-sm text-slate-700">
        You will no longer receive its emails, and your link to it no longer works. If you need to take part again, ask the support team
        to add you.
      </p>
    </Card>
  );
}
