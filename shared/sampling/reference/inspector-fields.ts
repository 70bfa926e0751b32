/**
 * The inspector pool's closed vocabularies (domain-facts §3.2, the 参数表 sheet of the production
 * template). The import template, the importer and the manual form all offer these same values.
 */

export const INSPECTOR_GENDERS = ['男', '女'] as const;

/** 岗位类别 (岗位大类 in the production template); the form also accepts other local categories. */
export const INSPECTOR_POST_CATEGORIES = [
  '工商行政管理类',
  '食品药品管理类',
  '质量技术监督类',
  '安全生产类',
  '物价管理类',
] as const;

/** 专业资格 (岗位资质资格): what an item may require of its inspectors; 无 means none. */
export const INSPECTOR_QUALIFICATIONS = [
  '保化检查员',
  '药品检查员',
  '医疗器械检查员',
  '特种设备安全监察员',
] as const;
