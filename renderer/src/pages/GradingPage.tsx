import { PlaceholderPage } from './PlaceholderPage.tsx';

export function GradingPage() {
  return <PlaceholderPage page="grading" title="信用评价" />;
}
