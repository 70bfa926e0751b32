/**
 * “一单两库” and the settings of the draw: the item list, the inspector pool, conflicts (回避), ratio
 * profiles and the working-day calendar — one file per tab under reference/. Whole files come in
 * through 数据交换 (the Excel importers call the same services).
 */
export { CalendarTab } from './reference/CalendarTab.tsx';
export { ConflictsTab } from './reference/ConflictsTab.tsx';
export { InspectorsTab } from './reference/InspectorsTab.tsx';
export { ItemsTab } from './reference/ItemsTab.tsx';
export { ProfilesTab } from './reference/ProfilesTab.tsx';
