//! Reference data for the demo generator: geography, names, products, merchants.

use crm_api::{Category, ProductCode, Tier};

/// A city with its branch.
pub struct City {
    /// Chinese name.
    pub name: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Branch code prefix.
    pub code: &'static str,
}

/// A province: name, resident-ID area code, relative population, share of
/// customers living in rural areas, and its cities.
pub struct Province {
    /// Chinese name.
    pub name: &'static str,
    /// First six digits of resident IDs issued here.
    pub area_code: &'static str,
    /// Relative weight when drawing a customer's home.
    pub weight: u32,
    /// Share of rural residents, in percent.
    pub rural_pct: u32,
    /// Cities with a branch.
    pub cities: &'static [City],
}

macro_rules! city {
    ($zh:literal, $en:literal, $code:literal) => {
        City {
            name: $zh,
            name_en: $en,
            code: $code,
        }
    };
}

/// Provinces served by the demo bank.
pub const PROVINCES: &[Province] = &[
    Province {
        name: "北京",
        area_code: "110101",
        weight: 6,
        rural_pct: 10,
        cities: &[city!("北京", "Beijing", "BJ")],
    },
    Province {
        name: "上海",
        area_code: "310101",
        weight: 6,
        rural_pct: 8,
        cities: &[city!("上海", "Shanghai", "SH")],
    },
    Province {
        name: "广东",
        area_code: "440103",
        weight: 12,
        rural_pct: 25,
        cities: &[
            city!("广州", "Guangzhou", "GZ"),
            city!("深圳", "Shenzhen", "SZ"),
            city!("东莞", "Dongguan", "DG"),
        ],
    },
    Province {
        name: "江苏",
        area_code: "320102",
        weight: 9,
        rural_pct: 25,
        cities: &[
            city!("南京", "Nanjing", "NJ"),
            city!("苏州", "Suzhou", "SU"),
        ],
    },
    Province {
        name: "浙江",
        area_code: "330102",
        weight: 8,
        rural_pct: 28,
        cities: &[
            city!("杭州", "Hangzhou", "HZ"),
            city!("宁波", "Ningbo", "NB"),
        ],
    },
    Province {
        name: "山东",
        area_code: "370102",
        weight: 9,
        rural_pct: 38,
        cities: &[city!("济南", "Jinan", "JN"), city!("青岛", "Qingdao", "QD")],
    },
    Province {
        name: "河南",
        area_code: "410102",
        weight: 8,
        rural_pct: 45,
        cities: &[
            city!("郑州", "Zhengzhou", "ZZ"),
            city!("洛阳", "Luoyang", "LY"),
        ],
    },
    Province {
        name: "四川",
        area_code: "510104",
        weight: 7,
        rural_pct: 42,
        cities: &[
            city!("成都", "Chengdu", "CD"),
            city!("绵阳", "Mianyang", "MY"),
        ],
    },
    Province {
        name: "湖北",
        area_code: "420102",
        weight: 6,
        rural_pct: 36,
        cities: &[city!("武汉", "Wuhan", "WH"), city!("宜昌", "Yichang", "YC")],
    },
    Province {
        name: "湖南",
        area_code: "430102",
        weight: 5,
        rural_pct: 40,
        cities: &[city!("长沙", "Changsha", "CS")],
    },
    Province {
        name: "河北",
        area_code: "130102",
        weight: 5,
        rural_pct: 42,
        cities: &[
            city!("石家庄", "Shijiazhuang", "SJ"),
            city!("保定", "Baoding", "BD"),
        ],
    },
    Province {
        name: "安徽",
        area_code: "340102",
        weight: 4,
        rural_pct: 40,
        cities: &[city!("合肥", "Hefei", "HF")],
    },
    Province {
        name: "福建",
        area_code: "350102",
        weight: 4,
        rural_pct: 30,
        cities: &[city!("福州", "Fuzhou", "FZ"), city!("厦门", "Xiamen", "XM")],
    },
    Province {
        name: "陕西",
        area_code: "610102",
        weight: 3,
        rural_pct: 38,
        cities: &[city!("西安", "Xi'an", "XA")],
    },
    Province {
        name: "云南",
        area_code: "530102",
        weight: 3,
        rural_pct: 50,
        cities: &[city!("昆明", "Kunming", "KM")],
    },
    Province {
        name: "甘肃",
        area_code: "620102",
        weight: 2,
        rural_pct: 52,
        cities: &[city!("兰州", "Lanzhou", "LZ")],
    },
    Province {
        name: "黑龙江",
        area_code: "230102",
        weight: 2,
        rural_pct: 35,
        cities: &[city!("哈尔滨", "Harbin", "HB")],
    },
    Province {
        name: "广西",
        area_code: "450102",
        weight: 3,
        rural_pct: 48,
        cities: &[city!("南宁", "Nanning", "NN")],
    },
];

/// Common surnames, most frequent first (weights fall off with rank).
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余",
];

/// Characters for male given names.
pub const MALE_GIVEN: &[&str] = &[
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "建国",
    "志强", "文博", "子轩", "浩然", "宇航", "俊杰", "晨阳",
];

/// Characters for female given names.
pub const FEMALE_GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "琳", "晶", "颖", "倩",
    "慧", "洁", "欣", "璐", "佳", "悦", "梅", "兰", "秀英", "桂英", "思涵", "欣怡", "雨桐", "诗琪",
    "梓萱", "晓燕",
];

/// A card product as seeded.
pub struct ProductDef {
    /// Code.
    pub code: ProductCode,
    /// Chinese name.
    pub name: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Tier.
    pub tier: Tier,
    /// Issuer identification number (first six digits).
    pub bin: &'static str,
    /// Annual fee in fen.
    pub annual_fee_fen: i64,
    /// Points per yuan spent.
    pub points_per_yuan: i64,
    /// Credit limit range in yuan.
    pub limit_yuan: (i64, i64),
}

/// The seven products of the study.
pub const PRODUCTS: &[ProductDef] = &[
    ProductDef {
        code: ProductCode::Youth,
        name: "青年卡",
        name_en: "Youth Card",
        tier: Tier::Standard,
        bin: "625919",
        annual_fee_fen: 0,
        points_per_yuan: 1,
        limit_yuan: (3_000, 12_000),
    },
    ProductDef {
        code: ProductCode::Women,
        name: "女性卡",
        name_en: "Women's Card",
        tier: Tier::Gold,
        bin: "625920",
        annual_fee_fen: 10_000,
        points_per_yuan: 1,
        limit_yuan: (10_000, 40_000),
    },
    ProductDef {
        code: ProductCode::Official,
        name: "公务卡",
        name_en: "Official Card",
        tier: Tier::Gold,
        bin: "628388",
        annual_fee_fen: 0,
        points_per_yuan: 1,
        limit_yuan: (20_000, 50_000),
    },
    ProductDef {
        code: ProductCode::Standard,
        name: "标准卡",
        name_en: "Standard Card",
        tier: Tier::Standard,
        bin: "622188",
        annual_fee_fen: 5_000,
        points_per_yuan: 1,
        limit_yuan: (5_000, 20_000),
    },
    ProductDef {
        code: ProductCode::Gold,
        name: "金卡",
        name_en: "Gold Card",
        tier: Tier::Gold,
        bin: "622199",
        annual_fee_fen: 20_000,
        points_per_yuan: 1,
        limit_yuan: (20_000, 60_000),
    },
    ProductDef {
        code: ProductCode::Platinum,
        name: "白金卡",
        name_en: "Platinum Card",
        tier: Tier::Platinum,
        bin: "625918",
        annual_fee_fen: 100_000,
        points_per_yuan: 2,
        limit_yuan: (60_000, 150_000),
    },
    ProductDef {
        code: ProductCode::Diamond,
        name: "钻石卡",
        name_en: "Diamond Card",
        tier: Tier::Diamond,
        bin: "625917",
        annual_fee_fen: 300_000,
        points_per_yuan: 3,
        limit_yuan: (150_000, 500_000),
    },
];

/// Merchants per category.
#[must_use]
pub fn merchants(category: Category) -> &'static [&'static str] {
    match category {
        Category::Dining => &[
            "海底捞",
            "肯德基",
            "麦当劳",
            "西贝莜面村",
            "喜茶",
            "瑞幸咖啡",
            "星巴克",
            "老乡鸡",
            "外婆家",
            "沙县小吃",
        ],
        Category::Supermarket => &[
            "永辉超市",
            "沃尔玛",
            "盒马鲜生",
            "大润发",
            "物美",
            "家乐福",
            "华润万家",
            "乡镇供销社",
        ],
        Category::OnlineShopping => &["淘宝", "京东", "拼多多", "唯品会", "抖音商城", "天猫超市"],
        Category::Apparel => &["优衣库", "李宁", "安踏", "海澜之家", "波司登", "太平鸟"],
        Category::Travel => &[
            "中国国航",
            "东方航空",
            "南方航空",
            "携程旅行",
            "12306铁路",
            "华住酒店",
            "锦江酒店",
        ],
        Category::Fuel => &["中国石化", "中国石油", "中海油加油站", "壳牌"],
        Category::Education => &["新东方", "学而思", "中公教育", "驾校报名", "少年宫培训"],
        Category::Healthcare => &[
            "同仁堂",
            "大参林药房",
            "市人民医院",
            "爱尔眼科",
            "老百姓大药房",
        ],
        Category::Entertainment => &["万达影城", "猫眼电影", "欢乐谷", "大麦网", "健身中心"],
        Category::Utilities => &[
            "国家电网",
            "中国移动",
            "中国电信",
            "中国联通",
            "自来水公司",
            "燃气公司",
        ],
        Category::Digital => &[
            "华为商城",
            "小米之家",
            "苹果官方商店",
            "京东电器",
            "苏宁易购",
        ],
        Category::CashAdvance => &["ATM 取现"],
    }
}

/// Typical single-purchase amount per category, in yuan (median).
#[must_use]
pub fn median_yuan(category: Category) -> f64 {
    match category {
        Category::Dining => 75.0,
        Category::Supermarket => 160.0,
        Category::OnlineShopping => 190.0,
        Category::Apparel => 380.0,
        Category::Travel => 1_200.0,
        Category::Fuel => 280.0,
        Category::Education => 1_800.0,
        Category::Healthcare => 260.0,
        Category::Entertainment => 140.0,
        Category::Utilities => 180.0,
        Category::Digital => 1_500.0,
        Category::CashAdvance => 2_000.0,
    }
}

/// What a service interaction was about, and a one-line summary (no personal data).
pub const INTERACTION_SUMMARIES: &[(&str, &str)] = &[
    ("inquiry", "咨询账单金额与还款日"),
    ("inquiry", "咨询年费减免政策"),
    ("complaint", "投诉短信提醒过于频繁"),
    ("complaint", "投诉客服等待时间过长"),
    ("complaint", "投诉分期手续费说明不清"),
    ("card_lost", "挂失银行卡并申请补卡"),
    ("dispute", "对一笔交易金额有异议"),
    ("limit_request", "申请临时提高信用额度"),
    ("points", "查询积分余额与兑换方式"),
    ("installment", "申请账单分期"),
    ("other", "更新联系地址"),
];

/// Survey comments by sentiment (negative, neutral, positive).
pub const COMMENTS: [&[&str]; 3] = [
    &[
        "等待时间太长了",
        "问题没有解决",
        "分期手续费太高",
        "积分兑换太麻烦",
        "客服态度一般，解释不清楚",
        "短信太多了",
    ],
    &["还可以", "办理速度一般", "希望积分能多一些", "App 有点卡"],
    &[
        "服务很专业，问题很快解决了",
        "客服态度很好",
        "App 还款很方便",
        "积分兑换很划算",
        "额度调整很及时",
    ],
];
