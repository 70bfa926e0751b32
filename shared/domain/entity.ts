import { z } from 'zod';

/** 市场主体类型. The order is the strata order of the double-random draw (SPEC §6.4). */
export const ENTITY_KINDS = ['enterprise', 'cooperative', 'individual', 'other'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export const entityKindSchema = z.enum(ENTITY_KINDS);

export const ENTITY_KIND_LABELS: Record<EntityKind, string> = {
  enterprise: '企业',
  cooperative: '农民专业合作社',
  individual: '个体工商户',
  other: '其他',
};

/** The legal-representative field is one field whose label depends on the kind (SPEC §4). */
export const LEGAL_REP_LABELS: Record<EntityKind, string> = {
  enterprise: '法定代表人',
  cooperative: '法定代表人',
  individual: '经营者',
  other: '负责人',
};

/** 登记状态: 存续/在业, 吊销, 注销, 迁出, 撤销. */
export const ENTITY_STATUSES = ['active', 'revoked', 'cancelled', 'moved', 'withdrawn'] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];
export const entityStatusSchema = z.enum(ENTITY_STATUSES);

export const ENTITY_STATUS_LABELS: Record<EntityStatus, string> = {
  active: '存续（在业）',
  revoked: '吊销',
  cancelled: '注销',
  moved: '迁出',
  withdrawn: '撤销',
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const isoDateSchema = isoDate;

/** One market entity as stored and as exchanged (the fields of SPEC §4). */
export const entitySchema = z.object({
  uscc: z.string().nullable(),
  regNo: z.string().nullable(),
  name: z.string().min(1),
  kind: entityKindSchema,
  legalRep: z.string().nullable(),
  regionCode: z.string().nullable(),
  township: z.string().nullable(),
  jurisdiction: z.string().nullable(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  address: z.string().nullable(),
  establishedOn: isoDate.nullable(),
  status: entityStatusSchema,
  capitalAmount: z.number().nullable(),
  capitalUnit: z.string().nullable(),
  capitalCurrency: z.string().nullable(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
});
export type Entity = z.infer<typeof entitySchema>;

/** The code an entity is known by: its USCC when it has one, else its legacy registration number. */
export function primaryCode(e: Pick<Entity, 'uscc' | 'regNo'>): string {
  return e.uscc ?? e.regNo ?? '';
}
