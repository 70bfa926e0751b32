/**
 * The entity fields `creditdesk monitor --input` reads beyond those of grading (docs/monitoring.md):
 * `legalRepresentative` (or `legalRep`, as the entity schema names it), `address`, `township`, and the
 * optional grade history `grades: [{model, runAt, grade}]` for grade_drop (absent: no grade_drop).
 */
import { z } from 'zod';
import { getBuiltinModel } from '../grading/index.ts';
import type { CreditFile } from '../grading/types.ts';

const text = z.string({ error: '应为文字' }).nullable().optional();

export const gradeEntrySchema = z.strictObject({
  model: z.string({ error: '应为分级模型编号' }).min(1, '不能为空'),
  runAt: z
    .string({ error: '应为日期或时间' })
    .regex(
      /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
      '应为日期 YYYY-MM-DD 或时间 YYYY-MM-DDTHH:MM:SS',
    ),
  grade: z.string({ error: '应为等级' }).min(1, '不能为空'),
});
export type GradeEntry = z.infer<typeof gradeEntrySchema>;

export const monitoringEntityFieldsSchema = z.looseObject({
  legalRepresentative: text,
  legalRep: text,
  address: text,
  township: text,
  grades: z
    .array(gradeEntrySchema, { error: '应为等级记录列表 [{model, runAt, grade}]' })
    .nullable()
    .optional(),
});
export type MonitoringEntityFields = z.infer<typeof monitoringEntityFieldsSchema>;

/** The monitoring fields of a file's entity (already checked by `monitoringInputErrors`). */
export function monitoringFieldsOf(file: CreditFile): MonitoringEntityFields {
  const r = monitoringEntityFieldsSchema.safeParse(file.entity);
  return r.success ? r.data : {};
}

const zhCN = z.locales.zhCN();

/** Problems with the monitoring fields, in Chinese, each naming the credit file and the field. */
export function monitoringInputErrors(files: readonly CreditFile[]): string[] {
  const errors: string[] = [];
  files.forEach((file, i) => {
    const where = `第 ${i + 1} 个信用档案（${file.id}）`;
    const r = monitoringEntityFieldsSchema.safeParse(file.entity, { error: zhCN.localeError });
    if (!r.success) {
      for (const issue of r.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
        errors.push(`${where}的 entity${path}：${issue.message}`);
      }
      return;
    }
    (r.data.grades ?? []).forEach((g, j) => {
      const model = getBuiltinModel(g.model);
      const at = `${where}的 entity.grades[${j}]`;
      if (!model) {
        errors.push(`${at}.model：不是内置分级模型（${g.model}）`);
        return;
      }
      const grades = model.bands.map((b) => b.grade);
      if (!grades.includes(g.grade)) {
        errors.push(`${at}.grade：模型「${model.name}」没有等级 ${g.grade}（可填：${grades.join('、')}）`);
      }
    });
  });
  return errors;
}
