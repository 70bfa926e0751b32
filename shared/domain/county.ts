import { z } from 'zod';

/** 县（区）概况: the bureau this database belongs to. */
export const countyProfileSchema = z.object({
  name: z.string().trim().min(1, '请填写县（市、区）名称').max(40),
  bureau: z.string().trim().min(1, '请填写单位名称').max(60),
  regionCode: z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字'),
  townships: z.array(z.string().trim().min(1).max(30)).max(200),
});
export type CountyProfile = z.infer<typeof countyProfileSchema>;
