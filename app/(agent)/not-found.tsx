import { NotFoundCard } from '@/app/_components/problem-page';

// A missing ticket, customer, company or message inside the agent area: shown in the app shell.
export default function AgentNotFound() {
  return <NotFoundCard back={{ href: '/tickets', label: '← Back to the tickets' }} />;
}
