import { PlaceholderPage } from './PlaceholderPage.tsx';

export function ExchangePage() {
  return <PlaceholderPage page="exchange" title="数据交换" />;
}
