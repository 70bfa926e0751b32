/**
 * Checks of one inspector typed into the form, with the importer's own normalisers (shared/exchange):
 * an ID number or phone the importer would refuse is an error here too, and what it only warns about
 * (an ID check digit that does not match, a phone that does not look like one) is a warning. Every
 * problem is reported at once, per field, in Chinese.
 */
import { normalizeIdNumber, normalizePhone } from '../../exchange/normalize/person.ts';
import { INSPECTOR_GENDERS } from './inspector-fields.ts';

/** The fields the form shows; the values as typed (null or '' = empty). */
export interface InspectorFormValues {
  employeeNo: string;
  name: string;
  gender?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  certNo?: string | null;
  certExpiry?: string | null;
}

export type InspectorFormField = keyof InspectorFormValues;

export interface InspectorFormCheck {
  errors: Partial<Record<InspectorFormField, string>>;
  warnings: Partial<Record<InspectorFormField, string>>;
  /** ID number and phone as they will be stored (a masked value the screen showed is kept as is). */
  idNumber: string | null;
  phone: string | null;
}

/** The list screen shows ID numbers and phones masked; saving such a value keeps the stored one. */
export const isMasked = (v: string | null | undefined): boolean => Boolean(v?.includes('*'));

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkInspectorForm(v: InspectorFormValues): InspectorFormCheck {
  const errors: InspectorFormCheck['errors'] = {};
  const warnings: InspectorFormCheck['warnings'] = {};
  if (!v.employeeNo.trim()) errors.employeeNo = '请填写单位工号';
  if (!v.name.trim()) errors.name = '请填写姓名';
  const gender = v.gender?.trim() ?? '';
  if (gender && !(INSPECTOR_GENDERS as readonly string[]).includes(gender))
    errors.gender = '性别请选择“男”或“女”';

  let idNumber = v.idNumber?.trim() || null;
  if (idNumber && !isMasked(idNumber)) {
    const r = normalizeIdNumber(idNumber);
    if (r.error) errors.idNumber = r.error;
    else if (r.warning) warnings.idNumber = r.warning;
    idNumber = r.value;
  }
  let phone = v.phone?.trim() || null;
  if (phone && !isMasked(phone)) {
    const r = normalizePhone(phone);
    if (r.error) errors.phone = r.error;
    else if (r.warning) warnings.phone = r.warning;
    phone = r.value;
  }
  const expiry = v.certExpiry?.trim() ?? '';
  if (expiry && !ISO_DATE.test(expiry)) errors.certExpiry = '执法证有效期请写成 2027-06-30 这样的日期';
  if (expiry && !v.certNo?.trim()) errors.certNo = '填写了执法证有效期，请同时填写执法证号';
  return { errors, warnings, idNumber, phone };
}

/** All messages of a check as one line each, in the form's field order (for the server's refusal). */
export function inspectorCheckMessages(c: Pick<InspectorFormCheck, 'errors'>): string[] {
  const order: InspectorFormField[] = [
    'employeeNo',
    'name',
    'gender',
    'idNumber',
    'phone',
    'certNo',
    'certExpiry',
  ];
  return order.flatMap((f) => (c.errors[f] ? [c.errors[f]] : []));
}
