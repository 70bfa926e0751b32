/**
 * A hand-curated list of GB/T 4754-2017 小类 (4-digit classes) that a Chinese county's register is full
 * of, with the section letter prefixed (SPEC §4: `F5211`). Names are the standard's own; the demo test
 * checks every code and name against the standard's table when `../shared/external/` is present.
 *
 * Weights are relative frequencies per entity kind (enterprise, individual, cooperative, other); the
 * word lists drive realistic names: `ent` for 企业 (…{行业词}有限公司), `shop` for 个体工商户
 * (…{店/部/坊}), `coop` for 农民专业合作社 (…{产业}专业合作社), `org` for the non-market bodies of kind
 * “other” (`{县}`, `{镇}`, `{字号}` placeholders).
 */

/** Which violation catalogue, quality-check and licence context applies. */
export type IndustryDomain = 'food' | 'drug' | 'fuel' | 'agri' | 'equip' | 'general';

export interface Industry {
  /** Section letter + 4-digit class, e.g. `F5212`. */
  readonly code: string;
  readonly name: string;
  /** Relative weights: enterprise, individual, cooperative, other. */
  readonly w: readonly [number, number, number, number];
  readonly domain: IndustryDomain;
  readonly ent?: readonly string[] | undefined;
  readonly shop?: readonly string[] | undefined;
  readonly coop?: readonly string[] | undefined;
  /** Non-market bodies (kind “other”): USCC prefix and name templates. */
  readonly org?: { readonly prefix: '12' | '51' | '52'; readonly names: readonly string[] };
  /** Products sampled in quality checks (产品质量/食品安全抽检); absent = never sampled. */
  readonly products?: readonly string[] | undefined;
  /** 监管标签 every entity of this class carries. */
  readonly tags?: readonly string[] | undefined;
  /** A food 小作坊 when run by an individual (tag 食品小作坊 instead of 食品生产). */
  readonly workshop?: boolean;
}

/**
 * Market classes, one per line: code | name | weights (enterprise individual cooperative other) | domain |
 * enterprise words | shop words | cooperative words | sampled products | tags [| 小作坊]. Lists are space-separated.
 */
const TABLE = `
  A0112 | 小麦种植 | 0.3 0.6 3 0 | agri | 农业开发 农业科技 | 家庭农场 | 粮食种植 小麦种植 种植 |  |
  A0113 | 玉米种植 | 0.1 0.3 1.2 0 | agri | 农业开发 | 家庭农场 | 玉米种植 粮食种植 |  |
  A0141 | 蔬菜种植 | 0.4 0.5 3 0 | agri | 农业开发 生态农业 | 家庭农场 蔬菜种植基地 | 蔬菜种植 果蔬种植 |  |
  A0142 | 食用菌种植 | 0.1 0.2 1 0 | agri | 食用菌 | 食用菌种植场 | 食用菌种植 |  |
  A0151 | 仁果类和核果类水果种植 | 0.2 0.3 2 0 | agri | 果业 生态农业 | 家庭农场 果园 | 林果种植 果树种植 |  |
  A0171 | 中草药种植 | 0.1 0.1 1 0 | agri | 中药材种植 生物科技 | 中药材种植园 | 中药材种植 |  |
  A0311 | 牛的饲养 | 0.2 0.4 1.5 0 | agri | 牧业 畜牧养殖 | 养牛场 | 肉牛养殖 养牛 |  |
  A0313 | 猪的饲养 | 0.4 0.8 2 0 | agri | 牧业 生猪养殖 | 养猪场 养殖场 | 生猪养殖 养殖 |  |
  A0314 | 羊的饲养 | 0.1 0.3 1 0 | agri | 牧业 | 养羊场 | 养羊 肉羊养殖 |  |
  A0321 | 鸡的饲养 | 0.2 0.4 1 0 | agri | 禽业 | 养鸡场 | 蛋鸡养殖 家禽养殖 |  |
  A0412 | 内陆养殖 | 0.05 0.1 0.5 0 | agri | 水产养殖 | 渔场 | 水产养殖 |  |
  A0512 | 农业机械活动 | 0.1 0.1 2 0 | agri | 农机服务 | 农机服务队 | 农机 农机服务 |  |
  A0515 | 农作物病虫害防治活动 | 0.05 0 0.8 0 | agri | 植保科技 |  | 植保 植保服务 |  |
  C1312 | 小麦加工 | 0.5 0.2 0.2 0 | food | 面业 面粉 粮油加工 | 面粉加工厂 磨坊 | 粮食加工 | 小麦粉 | 食品生产 | 小作坊
  C1331 | 食用植物油加工 | 0.2 0.4 0 0 | food | 油脂 粮油 | 油坊 香油坊 |  | 食用植物油 芝麻油 | 食品生产 | 小作坊
  C1351 | 牲畜屠宰 | 0.15 0 0 0 | food | 肉类食品 食品 |  |  | 猪肉 | 食品生产
  C1391 | 淀粉及淀粉制品制造 | 0.15 0.3 0 0 | food | 淀粉 食品 | 粉条加工坊 粉条厂 |  | 粉条 淀粉 | 食品生产 | 小作坊
  C1392 | 豆制品制造 | 0.1 0.5 0 0 | food | 食品 豆制品 | 豆腐坊 豆制品加工坊 |  | 豆腐 腐竹 | 食品生产 | 小作坊
  C1411 | 糕点、面包制造 | 0.15 0.3 0 0 | food | 食品 烘焙食品 | 糕点坊 烘焙坊 |  | 糕点 面包 | 食品生产 | 小作坊
  C1431 | 米、面制品制造 | 0.15 0.5 0 0 | food | 食品 面业 | 馒头坊 面条加工坊 挂面加工坊 |  | 馒头 挂面 鲜湿面条 | 食品生产 | 小作坊
  C1512 | 白酒制造 | 0.15 0.15 0 0 | food | 酒业 酿酒 | 酒坊 |  | 白酒 | 食品生产 | 小作坊
  C1522 | 瓶（罐）装饮用水制造 | 0.1 0 0 0 | food | 饮品 纯净水 |  |  | 饮用纯净水 | 食品生产
  C1819 | 其他机织服装制造 | 0.3 0.2 0 0 | equip | 服饰 服装 | 服装加工厂 制衣厂 |  |  |
  C2021 | 胶合板制造 | 0.2 0.1 0 0 | equip | 木业 板业 | 木材加工厂 |  | 胶合板 |
  C2110 | 木质家具制造 | 0.3 0.3 0 0 | equip | 家具 木业 | 家具厂 木器加工厂 |  | 木质家具 |
  C2319 | 包装装潢及其他印刷 | 0.25 0.2 0 0 | equip | 印务 包装 彩印 | 印刷部 印刷厂 |  |  |
  C2625 | 有机肥料及微生物肥料制造 | 0.15 0 0 0 | agri | 生物科技 肥业 |  |  | 有机肥料 |
  C2927 | 日用塑料制品制造 | 0.15 0.05 0 0 | equip | 塑业 塑料制品 | 塑料制品厂 |  | 塑料购物袋 |
  C3021 | 水泥制品制造 | 0.25 0.1 0 0 | equip | 建材 水泥制品 | 水泥预制厂 水泥制品厂 |  | 混凝土路面砖 |
  C3031 | 粘土砖瓦及建筑砌块制造 | 0.2 0.1 0 0 | equip | 新型建材 新型墙材 | 砖厂 |  | 蒸压加气混凝土砌块 |
  C3311 | 金属结构制造 | 0.3 0.1 0 0 | equip | 钢结构 钢构 | 钢构加工厂 |  |  |
  C3312 | 金属门窗制造 | 0.15 0.6 0 0 | general | 门窗 门业 | 门窗加工部 铝合金门窗店 不锈钢加工部 |  |  |
  C3484 | 机械零部件加工 | 0.3 0.2 0 0 | equip | 机械 机械制造 机械设备 | 机械加工部 机械加工厂 |  |  |
  C3572 | 机械化农业及园艺机具制造 | 0.2 0.05 0 0 | equip | 农业机械 农机制造 | 农机具加工厂 |  | 旋耕机 |
  C3831 | 电线、电缆制造 | 0.05 0 0 0 | equip | 电缆 线缆 |  |  | 电线电缆 |
  E4790 | 其他房屋建筑业 | 1.6 0 0 0 | general | 建筑工程 建设工程 建筑安装工程 |  |  |  |
  E4813 | 市政道路工程建筑 | 0.5 0 0 0 | general | 市政工程 路桥工程 市政建设 |  |  |  |
  E4891 | 园林绿化工程施工 | 0.4 0 0 0 | general | 园林绿化工程 园林 绿化工程 |  |  |  |
  E4910 | 电气安装 | 0.4 0.15 0 0 | general | 电力工程 电气安装工程 机电设备安装 | 水电安装部 水电维修部 |  |  |
  E5012 | 住宅装饰和装修 | 1 0.6 0 0 | general | 装饰工程 装饰设计 装饰 | 装饰部 装饰工程部 |  |  |
  F5111 | 谷物、豆及薯类批发 | 0.4 0.4 0.5 0 | food | 粮油 粮食购销 | 粮食收购点 粮油经营部 | 粮食购销 |  | 食品经营
  F5121 | 米、面制品及食用油批发 | 0.3 0.3 0 0 | food | 粮油贸易 粮油 | 粮油批发部 |  | 大米 小麦粉 食用植物油 | 食品经营
  F5127 | 酒、饮料及茶叶批发 | 0.4 0.4 0 0 | food | 酒业 商贸 | 酒水批发部 烟酒批发部 |  | 白酒 饮料 | 食品经营
  F5129 | 其他食品批发 | 0.4 0.6 0 0 | food | 食品 食品贸易 商贸 | 副食批发部 食品批发部 |  | 饼干 方便面 饮料 糖果 | 食品经营
  F5165 | 建材批发 | 1.2 0.8 0 0 | general | 建材 建筑材料 建材贸易 | 建材经营部 建材门市部 |  | 水泥 热轧带肋钢筋 |
  F5166 | 化肥批发 | 0.4 1.3 0.3 0 | agri | 农资 农业生产资料 | 农资经营部 农资门市部 化肥经营部 | 农资 | 复合肥料 尿素 | 农资经营
  F5167 | 农药批发 | 0.15 0.4 0 0 | agri | 农资 植保 | 农药经营部 植保农资店 |  | 农药 | 农资经营
  F5172 | 汽车及零配件批发 | 0.15 0 0 0 | general | 汽车配件 汽配 |  |  |  |
  F5174 | 五金产品批发 | 0.4 0.4 0 0 | general | 五金 五金机电 | 五金批发部 |  |  |
  F5199 | 其他未列明批发业 | 2.2 0.5 0 0 | general | 商贸 贸易 实业 | 商行 批发部 |  |  |
  F5211 | 百货零售 | 0.8 2 0 0 | general | 商贸 百货 | 百货商店 日杂百货店 商店 |  |  |
  F5212 | 超级市场零售 | 0.8 4.5 0 0 | food | 超市 商业连锁 | 超市 生活超市 购物广场 |  | 食用植物油 小麦粉 饮料 饼干 酱油 食醋 方便面 白酒 糖果 | 食品经营
  F5213 | 便利店零售 | 0.2 3 0 0 | food | 便利店 商贸 | 便利店 便民店 小卖部 |  | 饮料 饼干 方便面 | 食品经营
  F5219 | 其他综合零售 | 0.3 2.5 0 0 | general | 商贸 | 商店 门市部 日杂店 经营部 |  |  |
  F5221 | 粮油零售 | 0.1 1.5 0 0 | food | 粮油 | 粮油店 米面店 |  | 大米 小麦粉 食用植物油 | 食品经营
  F5222 | 糕点、面包零售 | 0.15 1 0 0 | food | 食品 烘焙 | 蛋糕店 面包房 烘焙店 |  | 糕点 面包 | 食品经营
  F5223 | 果品、蔬菜零售 | 0.1 4 0 0 | food | 果蔬 农产品 | 蔬菜店 水果店 果蔬店 菜店 |  | 韭菜 芹菜 豇豆 香蕉 柑橘 | 食品经营
  F5224 | 肉、禽、蛋、奶及水产品零售 | 0.1 3.5 0 0 | food | 食品 肉食品 | 鲜肉店 猪肉铺 牛羊肉店 禽蛋店 水产店 |  | 猪肉 牛肉 鸡蛋 淡水鱼 | 食品经营
  F5226 | 酒、饮料及茶叶零售 | 0.3 2.2 0 0 | food | 酒业 茶业 | 烟酒店 名烟名酒店 茶叶店 酒行 |  | 白酒 茶叶 啤酒 | 食品经营
  F5229 | 其他食品零售 | 0.2 2.2 0 0 | food | 食品 | 副食店 食品店 零食店 调料店 |  | 饼干 糖果 调味品 熟肉制品 | 食品经营
  F5232 | 服装零售 | 0.3 4.5 0 0 | general | 服饰 服装 | 服装店 服饰店 童装店 女装店 男装店 |  | 儿童服装 |
  F5233 | 鞋帽零售 | 0.05 1.2 0 0 | general | 鞋业 | 鞋店 皮鞋店 鞋业 |  |  |
  F5234 | 化妆品及卫生用品零售 | 0.15 1.2 0 0 | general | 化妆品 商贸 | 化妆品店 美妆店 |  | 化妆品 | 化妆品经营
  F5235 | 厨具卫具及日用杂品零售 | 0.05 1.2 0 0 | general | 日用品 | 日杂店 日用品店 厨具店 |  |  |
  F5236 | 钟表、眼镜零售 | 0.1 0.6 0 0 | general | 眼镜 | 眼镜店 眼镜行 |  | 配装眼镜 |
  F5241 | 文具用品零售 | 0.05 1 0 0 | general | 文化用品 | 文具店 文化用品店 |  | 学生用品 |
  F5245 | 珠宝首饰零售 | 0.1 0.5 0 0 | general | 珠宝 黄金珠宝 | 金店 银楼 银饰店 |  | 黄金饰品 |
  F5251 | 西药零售 | 0.9 1.5 0 0 | drug | 大药房 医药 大药房连锁 | 药店 大药房 |  | 中成药 化学药品 | 药品经营
  F5254 | 医疗用品及器材零售 | 0.2 0.3 0 0 | drug | 医疗器械 | 医疗器械店 医疗用品店 |  |  | 医疗器械经营
  F5261 | 汽车新车零售 | 0.3 0 0 0 | general | 汽车销售 汽车贸易 |  |  |  |
  F5263 | 汽车零配件零售 | 0.2 0.8 0 0 | general | 汽车配件 汽配 | 汽配店 汽车配件门市部 轮胎店 |  |  |
  F5264 | 摩托车及零配件零售 | 0.15 1.2 0 0 | general | 车业 | 电动车行 摩托车行 电动车专卖店 |  | 电动自行车 |
  F5265 | 机动车燃油零售 | 0.25 0.1 0 0 | fuel | 石化 石油 能源 | 加油站 |  | 车用汽油 车用柴油 | 成品油经营 危险化学品经营
  F5272 | 日用家电零售 | 0.3 1.2 0 0 | general | 电器 家电 | 家电门市部 家电城 电器商行 |  | 电饭锅 电热水器 |
  F5274 | 通信设备零售 | 0.3 1.5 0 0 | general | 通讯 通信设备 | 手机店 通讯店 手机专卖店 |  |  |
  F5281 | 五金零售 | 0.2 2 0 0 | general | 五金 | 五金店 五金交电门市部 五金水暖店 |  | 插座 |
  F5283 | 家具零售 | 0.2 1 0 0 | general | 家具 | 家具店 家具城 家具广场 |  |  |
  F5287 | 陶瓷、石材装饰材料零售 | 0.15 1 0 0 | general | 陶瓷 建材 | 瓷砖店 陶瓷店 石材店 |  | 陶瓷砖 |
  F5292 | 互联网零售 | 0.8 1.3 0 0 | general | 电子商务 网络科技 | 电子商务商行 网店 电商部 |  |  | 网络交易
  G5431 | 普通货物道路运输 | 1 1 0 0 | equip | 物流 运输 货运 | 货运部 运输队 物流部 |  |  |
  G6020 | 快递服务 | 0.2 0.4 0 0 | general | 快递 速递 | 快递服务部 快递驿站 |  |  |
  H6129 | 其他一般旅馆 | 0.4 1.2 0 0 | equip | 酒店管理 宾馆 | 宾馆 旅馆 招待所 快捷酒店 |  |  |
  H6210 | 正餐服务 | 0.8 4 0 0 | food | 餐饮管理 餐饮服务 酒店管理 | 饭店 酒家 饭庄 菜馆 农家乐 大酒店 |  | 复用餐饮具 自制凉菜 | 食品经营
  H6220 | 快餐服务 | 0.3 2.5 0 0 | food | 餐饮 餐饮管理 | 快餐店 面馆 烩面馆 |  | 复用餐饮具 油炸面制品 | 食品经营
  H6239 | 其他饮料及冷饮服务 | 0.1 1.2 0 0 | food | 饮品 餐饮管理 | 奶茶店 饮品店 冷饮店 |  | 现制饮料 | 食品经营
  H6291 | 小吃服务 | 0.1 5 0 0 | food | 餐饮 | 小吃店 早餐店 胡辣汤馆 包子铺 米线店 凉皮店 羊肉汤馆 水煎包店 饺子馆 |  | 复用餐饮具 油条 馒头 | 食品经营
  H6299 | 其他未列明餐饮业 | 0.1 1.5 0 0 | food | 餐饮 | 烧烤店 烤肉店 卤肉店 |  | 复用餐饮具 熟肉制品 | 食品经营
  I6513 | 应用软件开发 | 0.3 0 0 0 | general | 信息技术 软件开发 软件科技 |  |  |  |
  I6531 | 信息系统集成服务 | 0.3 0 0 0 | general | 信息科技 电子科技 网络科技 |  |  |  |
  K7010 | 房地产开发经营 | 0.5 0 0 0 | general | 房地产开发 置业 |  |  |  |
  K7020 | 物业管理 | 0.4 0 0 0 | equip | 物业服务 物业管理 |  |  |  |
  L7111 | 汽车租赁 | 0.15 0.15 0 0 | general | 汽车租赁 | 租车行 |  |  |
  L7243 | 社会经济咨询 | 0.9 0.2 0 0 | general | 企业管理咨询 信息咨询 商务咨询 | 信息咨询服务部 |  |  |
  L7259 | 其他广告服务 | 0.6 0.8 0 0 | general | 广告 文化传媒 广告传媒 | 广告部 图文广告店 广告制作部 |  |  |
  L7263 | 劳务派遣服务 | 0.3 0.1 0 0 | general | 劳务 人力资源 | 劳务服务部 |  |  |
  L7291 | 旅行社及相关服务 | 0.1 0 0 0 | general | 旅行社 |  |  |  |
  M7511 | 农林牧渔技术推广服务 | 1.2 0 0.3 0 | agri | 农业科技 农业技术开发 |  | 农业技术服务 |  |
  O8010 | 家庭服务 | 0.2 0.6 0 0 | general | 家政服务 | 家政服务部 保洁服务部 |  |  |
  O8030 | 洗染服务 | 0 0.6 0 0 | general |  | 干洗店 洗衣店 |  |  |
  O8040 | 理发及美容服务 | 0.2 4 0 0 | general | 美容美发 美容服务 | 理发店 美发店 美容院 美甲店 发型设计工作室 |  |  |
  O8051 | 洗浴服务 | 0.05 0.4 0 0 | equip | 洗浴 | 浴池 洗浴中心 |  |  | 特种设备使用
  O8052 | 足浴服务 | 0.1 0.8 0 0 | general | 足浴 | 足浴店 足疗店 |  |  |
  O8053 | 养生保健服务 | 0.15 0.6 0 0 | general | 健康管理 养生 | 养生馆 推拿馆 |  |  |
  O8060 | 摄影扩印服务 | 0.1 0.6 0 0 | general | 婚纱摄影 文化传媒 | 照相馆 影楼 摄影工作室 |  |  |
  O8070 | 婚姻服务 | 0.1 0.3 0 0 | general | 婚庆礼仪 | 婚庆服务部 婚庆礼仪店 |  |  |
  O8111 | 汽车修理与维护 | 0.3 2 0 0 | general | 汽车服务 汽车维修 | 汽车修理厂 汽修部 汽车美容店 汽车维修中心 |  |  |
  O8113 | 摩托车修理与维护 | 0 1 0 0 | general |  | 摩托车修理部 电动车维修部 |  |  |
  O8122 | 通讯设备修理 | 0 0.5 0 0 | general |  | 手机维修部 通讯维修店 |  |  |
  O8132 | 日用电器修理 | 0 0.5 0 0 | general |  | 家电维修部 电器维修部 |  |  |
  P8394 | 教育辅助服务 | 0.3 0.2 0 0 | general | 教育科技 文化传播 | 托管服务部 辅导中心 |  |  |
  R8930 | 健身休闲活动 | 0.15 0.3 0 0 | general | 健身 体育发展 | 健身房 健身中心 瑜伽馆 |  |  |
`;

const DOMAINS: readonly IndustryDomain[] = ['food', 'drug', 'fuel', 'agri', 'equip', 'general'];

function words(cell: string | undefined): readonly string[] | undefined {
  const list = (cell ?? '').split(' ').filter((w) => w.length > 0);
  return list.length > 0 ? list : undefined;
}

function parseRow(line: string): Industry {
  const [code, name, weights, domain, ent, shop, coop, products, tags, flag] = line
    .split('|')
    .map((c) => c.trim());
  const w = (weights ?? '').split(' ').map(Number);
  if (!code || !/^[A-T]\d{4}$/.test(code) || !name || w.length !== 4 || w.some((x) => !(x >= 0))) {
    throw new Error(`industries.ts: malformed row: ${line}`);
  }
  const d = DOMAINS.find((x) => x === domain);
  if (!d) throw new Error(`industries.ts: unknown domain in row: ${line}`);
  return {
    code,
    name,
    w: [w[0]!, w[1]!, w[2]!, w[3]!],
    domain: d,
    ent: words(ent),
    shop: words(shop),
    coop: words(coop),
    products: words(products),
    tags: words(tags),
    workshop: flag === '小作坊',
  };
}

/** Non-market bodies that the bureau still supervises (hospitals' drug use, school and kindergarten canteens …). */
const NON_MARKET: readonly Industry[] = [
  {
    code: 'Q8411',
    name: '综合医院',
    w: [0, 0, 0, 1],
    domain: 'drug',
    org: { prefix: '12', names: ['{县}人民医院', '{县}第二人民医院'] },
    tags: ['医疗器械使用', '药品使用'],
  },
  {
    code: 'Q8412',
    name: '中医医院',
    w: [0, 0, 0, 0.5],
    domain: 'drug',
    org: { prefix: '12', names: ['{县}中医院'] },
    tags: ['药品使用'],
  },
  {
    code: 'Q8423',
    name: '乡镇卫生院',
    w: [0, 0, 0, 3],
    domain: 'drug',
    org: { prefix: '12', names: ['{县}{镇}卫生院'] },
    tags: ['药品使用'],
  },
  {
    code: 'P8334',
    name: '普通高中教育',
    w: [0, 0, 0, 1],
    domain: 'food',
    org: { prefix: '12', names: ['{县}第一高级中学', '{县}第二高级中学', '{县}实验高级中学'] },
    tags: ['学校食堂'],
  },
  {
    code: 'P8310',
    name: '学前教育',
    w: [0, 0, 0, 5],
    domain: 'food',
    org: { prefix: '52', names: ['{县}{字号}幼儿园', '{县}{镇}{字号}幼儿园'] },
    tags: ['学校食堂'],
  },
  {
    code: 'P8391',
    name: '职业技能培训',
    w: [0, 0, 0, 1.5],
    domain: 'general',
    org: { prefix: '52', names: ['{县}{字号}职业培训学校'] },
  },
  {
    code: 'Q8514',
    name: '老年人、残疾人养护服务',
    w: [0, 0, 0, 1.5],
    domain: 'food',
    org: { prefix: '52', names: ['{县}{字号}养老院', '{县}{镇}敬老院'] },
    tags: ['单位食堂'],
  },
  {
    code: 'S9522',
    name: '行业性团体',
    w: [0, 0, 0, 2],
    domain: 'general',
    org: {
      prefix: '51',
      names: [
        '{县}个体劳动者协会',
        '{县}餐饮行业协会',
        '{县}食品行业协会',
        '{县}电子商务协会',
        '{县}物流协会',
        '{县}农业机械协会',
        '{县}畜牧业协会',
      ],
    },
  },
];

export const INDUSTRIES: readonly Industry[] = [
  ...TABLE.split('\n')
    .filter((l) => l.trim().length > 0)
    .map(parseRow),
  ...NON_MARKET,
];

/** Share of kind “other” that is a branch of an enterprise (USCC 91 …, name …分公司) rather than a non-market body. */
export const OTHER_BRANCH_SHARE = 0.55;
