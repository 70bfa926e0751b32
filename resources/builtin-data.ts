/**
 * Built-in reference data that evolves with releases: ratio profiles, the standard item list and the
 * official calendar. Migrations never read this file (their effect is frozen when written); the startup
 * step electron/db/builtins.ts brings every database up to these versions without touching rows a user
 * has edited. Raise a set's `version` (and `releasedAt`) whenever its rows change.
 */
import { OFFICIAL_CALENDAR_DAYS } from '../shared/calendar/official-holidays.ts';
import type { CalendarDay } from '../shared/calendar/index.ts';
import henan2020 from './ratio-profiles/henan-2020-base.json' with { type: 'json' };
import henan2021 from './ratio-profiles/henan-2021.json' with { type: 'json' };
import lindian2024 from './ratio-profiles/lindian-2024.json' with { type: 'json' };

export interface BuiltinSet<R> {
  version: number;
  /** Written as `updated_at` of rows this version inserts or updates: no clock, so every database agrees. */
  releasedAt: string;
  rows: readonly R[];
}

export interface BuiltinProfile {
  id: string;
  name: string;
  description: string;
  classOrder: readonly string[];
  ratios: Readonly<Record<string, Readonly<Record<string, number>>>>;
  yearlyCaps: Readonly<Record<string, number>>;
}

export interface BuiltinItem {
  code: string;
  name: string;
}

export const BUILTIN_RATIO_PROFILES: BuiltinSet<BuiltinProfile> = {
  version: 1,
  releasedAt: '2026-11-21T00:00:00.000Z',
  rows: [lindian2024, henan2021, henan2020],
};

/** The A-series of the 抽查事项清单 (domain-facts §3.2), none needing a professional qualification. */
export const BUILTIN_ITEMS: BuiltinSet<BuiltinItem> = {
  version: 1,
  releasedAt: '2026-11-21T00:00:00.000Z',
  rows: [
    { code: 'A01', name: '直销违法行为检查' },
    { code: 'A02', name: '流通领域商品质量检查' },
    { code: 'A03', name: '侵害消费者权益行为检查' },
    { code: 'A04', name: '拍卖活动经营资格的检查' },
    { code: 'A05', name: '为非法交易野生动物等违法行为提供交易服务的检查' },
    { code: 'A06', name: '未经许可擅自设立文物商店等违法行为的检查' },
    { code: 'A07', name: '公示信息抽查' },
    { code: 'A08', name: '登记事项检查' },
    { code: 'A09', name: '年度报告检查' },
    { code: 'A10', name: '广告违法行为检查' },
    { code: 'A11', name: '商标违法行为检查' },
    { code: 'A12', name: '奥林匹克标志、特殊标志等标志违法使用行为的检查' },
  ],
};

export const BUILTIN_CALENDAR: BuiltinSet<CalendarDay> = {
  version: 1,
  releasedAt: '2026-11-21T00:00:00.000Z',
  rows: OFFICIAL_CALENDAR_DAYS,
};
