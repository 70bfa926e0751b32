import { PlaceholderPage } from './PlaceholderPage.tsx';

export function InspectionsPage() {
  return <PlaceholderPage page="inspections" title="双随机抽查" />;
}
