import type { Migration } from '../migrate.ts';

/**
 * What migration 005 seeds, frozen as it was when the migration was written (2026-11-21): a migration's
 * effect must not depend on when a database is created, so nothing here reads resources/ or the clock.
 * Built-in data that evolves later reaches existing and new databases through electron/db/builtins.ts
 * at startup, which recognises these rows as unedited built-ins by their content.
 */
export const M005_SEEDED_AT = '2026-11-21T00:00:00.000Z';

export interface SeededProfile {
  id: string;
  name: string;
  description: string;
  classOrder: readonly string[];
  ratios: Readonly<Record<string, Readonly<Record<string, number>>>>;
  yearlyCaps: Readonly<Record<string, number>>;
}

/** Built-in ratio profiles (SPEC §6.3), editable afterwards like any other. */
export const M005_PROFILES: readonly SeededProfile[] = [
  {
    id: 'lindian-2024',
    name: '林甸县 2024（各档上限）',
    description:
      '大庆林甸县 2024 年信用风险分类抽查比例：低风险 ≤5%、一般 5%–20%、较高 21%–60%、高 61%–100%，取各档上限；未分类按一般风险。频次：A、B 每年不超过 1 次，C 不超过 2 次。来源：credit.daqing.gov.cn（2024-11-06）',
    classOrder: ['A', 'B', 'C', 'D'],
    ratios: {
      enterprise: {
        A: 500,
        B: 2000,
        C: 6000,
        D: 10000,
        unclassified: 2000,
      },
      cooperative: {
        A: 500,
        B: 2000,
        C: 6000,
        D: 10000,
        unclassified: 2000,
      },
      individual: {
        A: 500,
        B: 2000,
        C: 6000,
        D: 10000,
        unclassified: 2000,
      },
      other: {
        A: 500,
        B: 2000,
        C: 6000,
        D: 10000,
        unclassified: 2000,
      },
    },
    yearlyCaps: {
      A: 1,
      B: 1,
      C: 2,
    },
  },
  {
    id: 'henan-2021',
    name: '河南 2021（1/2/10/30%）',
    description:
      '河南省 2021 年抽查任务：低风险 1%、中 2%、中高 10%、高 30%；未分类按中风险。来源：dzb.zzrbnews.com/news/12860.html',
    classOrder: ['A', 'B', 'C', 'D'],
    ratios: {
      enterprise: {
        A: 100,
        B: 200,
        C: 1000,
        D: 3000,
        unclassified: 200,
      },
      cooperative: {
        A: 100,
        B: 200,
        C: 1000,
        D: 3000,
        unclassified: 200,
      },
      individual: {
        A: 100,
        B: 200,
        C: 1000,
        D: 3000,
        unclassified: 200,
      },
      other: {
        A: 100,
        B: 200,
        C: 1000,
        D: 3000,
        unclassified: 200,
      },
    },
    yearlyCaps: {},
  },
  {
    id: 'henan-2020-base',
    name: '河南 2020 基础比例（企业 4%、农专 3%、个体 1%）',
    description:
      '河南省 2020 年按主体类型设定的基础抽查比例，不分风险等级：企业 4%、农民专业合作社 3%、个体工商户 1%；其他主体按企业。来源：whqqly.com（信用中国转载）',
    classOrder: ['A', 'B', 'C', 'D'],
    ratios: {
      enterprise: {
        A: 400,
        B: 400,
        C: 400,
        D: 400,
        unclassified: 400,
      },
      cooperative: {
        A: 300,
        B: 300,
        C: 300,
        D: 300,
        unclassified: 300,
      },
      individual: {
        A: 100,
        B: 100,
        C: 100,
        D: 100,
        unclassified: 100,
      },
      other: {
        A: 400,
        B: 400,
        C: 400,
        D: 400,
        unclassified: 400,
      },
    },
    yearlyCaps: {},
  },
];

/** Official holidays and make-up workdays of 2025 and 2026: [date, kind, name]. */
export const M005_CALENDAR: readonly (readonly [string, 'holiday' | 'workday', string])[] = [
  ['2025-01-01', 'holiday', '元旦'],
  ['2025-01-28', 'holiday', '春节'],
  ['2025-01-29', 'holiday', '春节'],
  ['2025-01-30', 'holiday', '春节'],
  ['2025-01-31', 'holiday', '春节'],
  ['2025-02-01', 'holiday', '春节'],
  ['2025-02-02', 'holiday', '春节'],
  ['2025-02-03', 'holiday', '春节'],
  ['2025-02-04', 'holiday', '春节'],
  ['2025-01-26', 'workday', '春节调休上班'],
  ['2025-02-08', 'workday', '春节调休上班'],
  ['2025-04-04', 'holiday', '清明节'],
  ['2025-04-05', 'holiday', '清明节'],
  ['2025-04-06', 'holiday', '清明节'],
  ['2025-05-01', 'holiday', '劳动节'],
  ['2025-05-02', 'holiday', '劳动节'],
  ['2025-05-03', 'holiday', '劳动节'],
  ['2025-05-04', 'holiday', '劳动节'],
  ['2025-05-05', 'holiday', '劳动节'],
  ['2025-04-27', 'workday', '劳动节调休上班'],
  ['2025-05-31', 'holiday', '端午节'],
  ['2025-06-01', 'holiday', '端午节'],
  ['2025-06-02', 'holiday', '端午节'],
  ['2025-10-01', 'holiday', '国庆节、中秋节'],
  ['2025-10-02', 'holiday', '国庆节、中秋节'],
  ['2025-10-03', 'holiday', '国庆节、中秋节'],
  ['2025-10-04', 'holiday', '国庆节、中秋节'],
  ['2025-10-05', 'holiday', '国庆节、中秋节'],
  ['2025-10-06', 'holiday', '国庆节、中秋节'],
  ['2025-10-07', 'holiday', '国庆节、中秋节'],
  ['2025-10-08', 'holiday', '国庆节、中秋节'],
  ['2025-09-28', 'workday', '国庆节调休上班'],
  ['2025-10-11', 'workday', '国庆节调休上班'],
  ['2026-01-01', 'holiday', '元旦'],
  ['2026-01-02', 'holiday', '元旦'],
  ['2026-01-03', 'holiday', '元旦'],
  ['2026-01-04', 'workday', '元旦调休上班'],
  ['2026-02-15', 'holiday', '春节'],
  ['2026-02-16', 'holiday', '春节'],
  ['2026-02-17', 'holiday', '春节'],
  ['2026-02-18', 'holiday', '春节'],
  ['2026-02-19', 'holiday', '春节'],
  ['2026-02-20', 'holiday', '春节'],
  ['2026-02-21', 'holiday', '春节'],
  ['2026-02-22', 'holiday', '春节'],
  ['2026-02-23', 'holiday', '春节'],
  ['2026-02-14', 'workday', '春节调休上班'],
  ['2026-02-28', 'workday', '春节调休上班'],
  ['2026-04-04', 'holiday', '清明节'],
  ['2026-04-05', 'holiday', '清明节'],
  ['2026-04-06', 'holiday', '清明节'],
  ['2026-05-01', 'holiday', '劳动节'],
  ['2026-05-02', 'holiday', '劳动节'],
  ['2026-05-03', 'holiday', '劳动节'],
  ['2026-05-04', 'holiday', '劳动节'],
  ['2026-05-05', 'holiday', '劳动节'],
  ['2026-05-09', 'workday', '劳动节调休上班'],
  ['2026-06-19', 'holiday', '端午节'],
  ['2026-06-20', 'holiday', '端午节'],
  ['2026-06-21', 'holiday', '端午节'],
  ['2026-09-25', 'holiday', '中秋节'],
  ['2026-09-26', 'holiday', '中秋节'],
  ['2026-09-27', 'holiday', '中秋节'],
  ['2026-10-01', 'holiday', '国庆节'],
  ['2026-10-02', 'holiday', '国庆节'],
  ['2026-10-03', 'holiday', '国庆节'],
  ['2026-10-04', 'holiday', '国庆节'],
  ['2026-10-05', 'holiday', '国庆节'],
  ['2026-10-06', 'holiday', '国庆节'],
  ['2026-10-07', 'holiday', '国庆节'],
  ['2026-09-20', 'workday', '国庆节调休上班'],
  ['2026-10-10', 'workday', '国庆节调休上班'],
];

/** The A-series of the 抽查事项清单 (domain-facts §3.2), none needing a professional qualification. */
export const M005_ITEMS: readonly (readonly [string, string])[] = [
  ['A01', '直销违法行为检查'],
  ['A02', '流通领域商品质量检查'],
  ['A03', '侵害消费者权益行为检查'],
  ['A04', '拍卖活动经营资格的检查'],
  ['A05', '为非法交易野生动物等违法行为提供交易服务的检查'],
  ['A06', '未经许可擅自设立文物商店等违法行为的检查'],
  ['A07', '公示信息抽查'],
  ['A08', '登记事项检查'],
  ['A09', '年度报告检查'],
  ['A10', '广告违法行为检查'],
  ['A11', '商标违法行为检查'],
  ['A12', '奥林匹克标志、特殊标志等标志违法使用行为的检查'],
];

/**
 * Double-random inspections (SPEC §6): the item list and the inspector pool (“一单两库”, the target pool
 * being `entities`), conflicts (回避), ratio profiles, the working-day calendar, tasks, plans and
 * results. Plans are never updated in place: a redraw adds a plan and marks the old one superseded,
 * so every draw a witness saw stays on file. Conflicts name entities by code (USCC or 注册号) rather
 * than by row id, so they can be imported before the entity is, and survive re-imports of the pool.
 */
export const m005Sampling: Migration = {
  version: 5,
  name: 'sampling',
  up(db) {
    db.exec(`
      CREATE TABLE inspection_items (
        code           TEXT PRIMARY KEY,
        name           TEXT NOT NULL,
        sub_items      TEXT,
        legal_basis    TEXT,
        subject        TEXT,
        object_scope   TEXT,
        ratio_text     TEXT,
        frequency_text TEXT,
        method         TEXT,
        -- NULL: 无需专业岗位资格; otherwise the qualification inspectors must hold (e.g. 药品检查员).
        qualification  TEXT,
        note           TEXT,
        updated_at     TEXT NOT NULL
      ) STRICT;

      -- id_number and phone are personal data (SPEC §1): never exported with plans or notices.
      CREATE TABLE inspectors (
        id             INTEGER PRIMARY KEY,
        employee_no    TEXT NOT NULL UNIQUE,
        name           TEXT NOT NULL,
        gender         TEXT,
        id_number      TEXT,
        phone          TEXT,
        unit           TEXT,
        region         TEXT,
        post_category  TEXT,
        qualifications TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(qualifications)),
        item_scope     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(item_scope)),
        expert         INTEGER NOT NULL DEFAULT 0 CHECK (expert IN (0,1)),
        cert_no        TEXT,
        -- NULL with a certificate number: 长期有效 (9999-09-09 in government templates).
        cert_expiry    TEXT,
        status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
        updated_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE inspector_conflicts (
        employee_no TEXT NOT NULL,
        entity_code TEXT NOT NULL,
        reason      TEXT,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (employee_no, entity_code)
      ) STRICT;
      CREATE INDEX inspector_conflicts_entity ON inspector_conflicts(entity_code);

      -- ratios: {"enterprise": {"A": 300, …, "unclassified": 500}, …} in basis points;
      -- yearly_caps: {"A": 1, "B": 1, "C": 2} inspections per calendar year, a missing class = no cap.
      CREATE TABLE ratio_profiles (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        description TEXT,
        builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0,1)),
        class_order TEXT NOT NULL CHECK (json_valid(class_order)),
        ratios      TEXT NOT NULL CHECK (json_valid(ratios)),
        yearly_caps TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(yearly_caps)),
        updated_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE calendar_days (
        date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
        name TEXT NOT NULL DEFAULT ''
      ) STRICT;

      CREATE TABLE inspection_tasks (
        id              INTEGER PRIMARY KEY,
        number          TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        items           TEXT NOT NULL CHECK (json_valid(items)),
        directed        INTEGER NOT NULL DEFAULT 0 CHECK (directed IN (0,1)),
        filter          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(filter)),
        grading_run_id  INTEGER,
        profile_id      TEXT,
        class_order     TEXT NOT NULL CHECK (json_valid(class_order)),
        ratios          TEXT NOT NULL CHECK (json_valid(ratios)),
        yearly_caps     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(yearly_caps)),
        start_date      TEXT NOT NULL,
        end_date        TEXT NOT NULL,
        team_size       INTEGER NOT NULL CHECK (team_size >= 2),
        organiser       TEXT,
        witness         TEXT,
        exclusions      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(exclusions)),
        status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
                          ('draft','drawn','in_progress','results_entered','reviewed','published')),
        current_plan_id INTEGER,
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        reviewed_at     TEXT,
        reviewed_by     TEXT,
        published_at    TEXT,
        published_by    TEXT,
        CHECK (end_date >= start_date)
      ) STRICT;

      CREATE TABLE inspection_plans (
        id            INTEGER PRIMARY KEY,
        task_id       INTEGER NOT NULL REFERENCES inspection_tasks(id),
        seq           INTEGER NOT NULL,
        digest        TEXT NOT NULL,
        seed          TEXT NOT NULL,
        -- The plan file (SPEC §6.4): everything \`sample verify\` needs, as written at the draw.
        plan_file     TEXT NOT NULL CHECK (json_valid(plan_file)),
        strata        TEXT NOT NULL CHECK (json_valid(strata)),
        unstaffed     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(unstaffed)),
        excluded      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(excluded)),
        warnings      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(warnings)),
        candidates    INTEGER NOT NULL,
        drawn_at      TEXT NOT NULL,
        drawn_by      TEXT NOT NULL,
        superseded_at TEXT,
        superseded_by TEXT,
        redraw_reason TEXT,
        UNIQUE (task_id, seq)
      ) STRICT;

      CREATE TABLE inspection_plan_entries (
        plan_id   INTEGER NOT NULL REFERENCES inspection_plans(id),
        position  INTEGER NOT NULL,
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        code      TEXT NOT NULL,
        kind      TEXT NOT NULL,
        class     TEXT,
        -- Employee numbers, the first one leads (主检); empty when unstaffed.
        team      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(team)),
        PRIMARY KEY (plan_id, position)
      ) STRICT;
      CREATE INDEX inspection_plan_entries_entity ON inspection_plan_entries(entity_id);

      CREATE TABLE inspection_results (
        plan_id    INTEGER NOT NULL REFERENCES inspection_plans(id),
        entity_id  INTEGER NOT NULL REFERENCES entities(id),
        checked_on TEXT NOT NULL,
        results    TEXT NOT NULL CHECK (json_valid(results)),
        follow_up  TEXT,
        note       TEXT,
        record_id  INTEGER,
        entered_at TEXT NOT NULL,
        entered_by TEXT NOT NULL,
        PRIMARY KEY (plan_id, entity_id)
      ) STRICT;
    `);
    // Reference data a new database starts with; every row is editable afterwards.
    const at = M005_SEEDED_AT;
    const profile = db.prepare(
      `INSERT INTO ratio_profiles (id, name, description, builtin, class_order, ratios, yearly_caps, updated_at)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?)`,
    );
    for (const p of M005_PROFILES)
      profile.run(
        p.id,
        p.name,
        p.description,
        JSON.stringify(p.classOrder),
        JSON.stringify(p.ratios),
        JSON.stringify(p.yearlyCaps),
        at,
      );
    const day = db.prepare('INSERT INTO calendar_days (date, kind, name) VALUES (?, ?, ?)');
    for (const [date, kind, name] of M005_CALENDAR) day.run(date, kind, name);
    const item = db.prepare('INSERT INTO inspection_items (code, name, updated_at) VALUES (?, ?, ?)');
    for (const [code, name] of M005_ITEMS) item.run(code, name, at);
  },
};
