import henan2020 from '../../../resources/ratio-profiles/henan-2020-base.json' with { type: 'json' };
import henan2021 from '../../../resources/ratio-profiles/henan-2021.json' with { type: 'json' };
import lindian2024 from '../../../resources/ratio-profiles/lindian-2024.json' with { type: 'json' };
import { OFFICIAL_CALENDAR_DAYS } from '../../../shared/calendar/official-holidays.ts';
import type { Migration } from '../migrate.ts';

/** Built-in ratio profiles (SPEC §6.3), editable afterwards like any other. */
export const BUILTIN_PROFILES = [lindian2024, henan2021, henan2020];

/** The A-series of the 抽查事项清单 (domain-facts §3.2), none needing a professional qualification. */
export const STANDARD_ITEMS: readonly [string, string][] = [
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
    const at = new Date().toISOString();
    const profile = db.prepare(
      `INSERT INTO ratio_profiles (id, name, description, builtin, class_order, ratios, yearly_caps, updated_at)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?)`,
    );
    for (const p of BUILTIN_PROFILES)
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
    for (const d of OFFICIAL_CALENDAR_DAYS) day.run(d.date, d.kind, d.name);
    const item = db.prepare('INSERT INTO inspection_items (code, name, updated_at) VALUES (?, ?, ?)');
    for (const [code, name] of STANDARD_ITEMS) item.run(code, name, at);
  },
};
