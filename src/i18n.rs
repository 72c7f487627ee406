//! Every user-facing string, in Simplified Chinese (default) and English.
//!
//! [`T`] is generated from one table, so a string cannot exist in one
//! language only. The chosen language lives in [`I18n`] (context) and in
//! `localStorage`, and is sent to the server as `Accept-Language` so error
//! messages come back in the same language.

pub mod labels;

use std::cell::Cell;

pub use crm_api::validate::Lang;
use leptos::prelude::*;

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// A user-facing string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),+ }

        impl T {
            /// The text in `lang`.
            #[must_use]
            pub const fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Self::$key, Lang::Zh) => $zh, (Self::$key, Lang::En) => $en,)+
                }
            }
        }
    };
}

texts! {
    AppName => "Cardinal 信用卡客户关系管理", "Cardinal credit-card CRM";
    BrandShort => "Cardinal", "Cardinal";
    Loading => "加载中…", "Loading…";
    Retry => "重试", "Retry";
    LoadFailed => "加载失败", "Could not load";
    SignIn => "登录", "Sign in";
    SigningIn => "正在登录…", "Signing in…";
    SignInLead => "请使用银行分配的账号登录。", "Sign in with the account the bank gave you.";
    SignOut => "退出登录", "Sign out";
    Username => "用户名", "User name";
    Password => "密码", "Password";
    SessionExpired => "登录已过期，请重新登录。", "Your session has ended; please sign in again.";
    Language => "语言", "Language";
    NavCustomers => "客户", "Customers";
    NavCustomerSearch => "客户查询", "Customer search";
    NavAdmin => "管理", "Admin";
    NavUsers => "用户", "Users";
    NavCollapse => "收起导航", "Collapse navigation";
    NavExpand => "展开导航", "Expand navigation";
    GlobalSearchPlaceholder => "搜索客户：姓名、手机号、卡号后四位、客户号", "Search customers: name, mobile, card last 4, customer no.";
    Search => "搜索", "Search";
    SearchTitle => "客户查询", "Customer search";
    SearchHint => "输入姓名（前缀）、11 位手机号、卡号后四位或客户号（如 C00000042）。", "Enter a name (prefix), an 11-digit mobile number, a card's last four digits or a customer number (e.g. C00000042).";
    ResultsCount => "共 {n} 位客户", "{n} customers";
    NoResults => "没有找到匹配的客户", "No matching customers";
    NoResultsHint => "换一个关键词试试，或检查手机号和卡号后四位是否完整。", "Try another term, or check the mobile number or card digits.";
    ColCustomerNo => "客户号", "Customer no.";
    ColName => "姓名", "Name";
    ColGender => "性别", "Gender";
    ColMobile => "手机号", "Mobile";
    ColRegion => "地区", "Region";
    ColBranch => "归属网点", "Branch";
    ColProducts => "持有产品", "Products";
    ColTime => "时间", "Time";
    ColMerchant => "商户", "Merchant";
    ColCategory => "类别", "Category";
    ColChannel => "渠道", "Channel";
    ColCard => "卡片", "Card";
    ColAmount => "金额", "Amount";
    ColMonth => "月份", "Month";
    ColCount => "笔数", "Count";
    ColShare => "占比", "Share";
    ColRole => "角色", "Role";
    ColStatus => "状态", "Status";
    ColCreated => "创建时间", "Created";
    PrevPage => "上一页", "Previous";
    NextPage => "下一页", "Next";
    PageOf => "第 {p} / {n} 页", "Page {p} of {n}";
    Customer360 => "客户全景", "Customer 360";
    BackToSearch => "返回客户查询", "Back to search";
    Profile => "基本信息", "Profile";
    Consent => "营销授权", "Marketing consent";
    DoNotDisturb => "免打扰", "Do not disturb";
    Cards => "卡片", "Cards";
    CreditLimit => "信用额度", "Credit limit";
    StatementBalance => "账单余额", "Statement balance";
    Opened => "开卡日期", "Opened";
    Closed => "销卡日期", "Closed";
    Primary => "主卡", "Primary";
    Supplementary => "附属卡", "Supplementary";
    Spend12m => "近 12 个月消费", "Spend, last 12 months";
    SpendByMonth => "月度消费趋势", "Monthly spend";
    SpendByCategory => "消费类别构成", "Spend by category";
    RecentTransactions => "最近交易", "Recent transactions";
    AllTransactions => "全部交易", "All transactions";
    ViewAll => "查看全部", "View all";
    PointsBalance => "积分余额", "Points balance";
    TotalLimit => "总信用额度", "Total credit limit";
    TotalBalance => "账单余额合计", "Total statement balance";
    Utilisation => "额度使用率", "Utilisation";
    ShowTable => "表格", "Table";
    ShowChart => "图表", "Chart";
    ChartUnitYuan => "单位：元", "Unit: CNY";
    NoSpend => "近 12 个月没有消费", "No spend in the last 12 months";
    NoTransactions => "暂无交易记录", "No transactions yet";
    NoCards => "暂无卡片", "No cards";
    AsOf => "数据时间", "As of";
    Gender => "性别", "Gender";
    Age => "年龄", "Age";
    AgeYears => "{n} 岁", "{n} years";
    BirthDate => "出生日期", "Birth date";
    NationalId => "身份证号", "National ID";
    Mobile => "手机号", "Mobile";
    Email => "邮箱", "Email";
    Region => "地区", "Region";
    Residence => "城乡", "Residence";
    Occupation => "职业", "Occupation";
    Income => "月收入", "Monthly income";
    Branch => "归属网点", "Home branch";
    JoinedOn => "成为客户", "Customer since";
    Yes => "是", "Yes";
    No => "否", "No";
    Granted => "已授权", "granted";
    NotGranted => "未授权", "not granted";
    Installment => "分期", "Installment";
    UsersTitle => "用户管理", "Users";
    Active => "启用", "Active";
    Disabled => "停用", "Disabled";
    PortalHome => "首页", "Home";
    Hello => "您好，{name}", "Hello, {name}";
    MyCards => "我的卡片", "My cards";
    MyTransactions => "最近交易", "Recent transactions";
    AvailableCredit => "可用额度", "Available credit";
    NotFoundTitle => "页面不存在", "Page not found";
    NotFoundHint => "您访问的地址不存在或已移动。", "The address does not exist or has moved.";
    GoHome => "返回首页", "Go to the start page";
    Forbidden => "您的角色无法访问此页面。", "Your role cannot open this page.";
    All => "全部", "All";
    NavMarketing => "营销", "Marketing";
    NavSegments => "客群", "Segments";
    NavCampaigns => "营销活动", "Campaigns";
    SegmentsTitle => "客群", "Segments";
    NewSegment => "新建客群", "New segment";
    SegmentName => "客群名称", "Segment name";
    SegmentDescription => "说明", "Description";
    ReadyMade => "预置", "Ready-made";
    ColSize => "人数", "Size";
    ColCounted => "统计时间", "Counted";
    ColUpdated => "更新时间", "Updated";
    ColCreatedBy => "创建人", "Created by";
    ColActions => "操作", "Actions";
    Open => "打开", "Open";
    Duplicate => "复制", "Duplicate";
    Delete => "删除", "Delete";
    Save => "保存", "Save";
    Saved => "已保存", "Saved";
    Saving => "正在保存…", "Saving…";
    ConfirmDeleteSegment => "确定删除该客群？此操作不可撤销。", "Delete this segment? This cannot be undone.";
    NoSegments => "还没有客群，点击“新建客群”开始。", "No segments yet. Choose “New segment” to start.";
    RuleGroup => "条件组", "Rule group";
    MatchLogic => "组合方式", "How rules combine";
    LogicAnd => "且 AND", "AND";
    LogicOr => "或 OR", "OR";
    AllMustHold => "满足全部条件", "all rules must hold";
    AnyMayHold => "满足任一条件", "any rule may hold";
    AddCondition => "添加条件", "Add condition";
    AddGroup => "添加分组", "Add group";
    RemoveGroup => "删除分组", "Remove group";
    RemoveCondition => "删除条件", "Remove condition";
    EmptyGroupHint => "空的“且”组匹配所有客户；空的“或”组不匹配任何客户。", "An empty AND group matches everyone; an empty OR group matches no one.";
    Field => "字段", "Field";
    Operator => "运算", "Operator";
    Value => "值", "Value";
    Minimum => "最小值", "Minimum";
    Maximum => "最大值", "Maximum";
    Days => "天数", "Days";
    DaysUnit => "天", "days";
    Window => "时间范围", "Window";
    LastNDays => "最近 {n} 天", "last {n} days";
    ValuesCommaSeparated => "多个值用逗号分隔", "Separate values with commas";
    AudienceSize => "目标客户数", "Audience size";
    FixRulesToCount => "请先修正标出的条件", "Fix the marked conditions to count";
    CountedIn => "统计用时 {ms} 毫秒", "Counted in {ms} ms";
    Reachable => "可触达（已授权且未免打扰）", "Reachable (consented, not do-not-disturb)";
    ExcludedDnd => "免打扰排除", "Excluded: do not disturb";
    ExcludedNoConsent => "未授权任何渠道", "No consent on any channel";
    ByProduct => "按卡产品", "By product";
    ByProvince => "按省份（前 8）", "By province (top 8)";
    Overlap => "与其他客群重合", "Overlap with another segment";
    CompareNone => "不比较", "No comparison";
    OverlapCount => "重合 {n} 人", "{n} in both";
    Sample => "客户样本（已脱敏）", "Sample customers (masked)";
    SizeHistory => "规模变化", "Size over time";
    Conflict412 => "该客群已被他人修改，请刷新后重试。", "Someone else changed this segment; reload and try again.";
    CampaignsTitle => "营销活动", "Campaigns";
    NewCampaign => "新建活动", "New campaign";
    CampaignName => "活动名称", "Campaign name";
    NoCampaigns => "还没有营销活动。", "No campaigns yet.";
    StatusDraft => "草稿", "Draft";
    StatusSubmitted => "待审批", "Awaiting approval";
    StatusApproved => "已批准", "Approved";
    StatusRejected => "已驳回", "Rejected";
    StatusLaunched => "进行中", "Running";
    StatusCompleted => "已完成", "Completed";
    StatusCancelled => "已取消", "Cancelled";
    ColAudience => "目标客群", "Audience";
    ColMembers => "成员（实验/对照）", "Members (treatment/control)";
    ColSent => "已发送", "Sent";
    StepAudience => "1 受众", "1 Audience";
    StepOffer => "2 权益", "2 Offer";
    StepMessage => "3 渠道与文案", "3 Channel & message";
    StepSchedule => "4 发送计划", "4 Schedule";
    StepHoldout => "5 对照组", "5 Holdout";
    StepReview => "6 审核", "6 Review";
    ChooseSegment => "选择客群", "Choose a segment";
    OrBuildSegment => "或新建客群", "or build a new segment";
    OfferKindLabel => "权益类型", "Offer type";
    OfferCategory => "商户类别", "Merchant category";
    DiscountPct => "返现比例（%）", "Cash back (%)";
    Multiplier => "积分倍数", "Points multiplier";
    Months => "分期期数", "Installment months";
    TargetProduct => "升级目标卡", "Upgrade to";
    MinSpend => "满额门槛（元）", "Spend threshold (¥)";
    ValidFrom => "开始日期", "Valid from";
    ValidTo => "结束日期", "Valid to";
    Budget => "预算（元）", "Budget (¥)";
    ChannelLabel => "发送渠道", "Channel";
    Template => "消息模板", "Message template";
    TemplateTokens => "可用变量：{name} {surname} {card_last4} {points} {product} {offer} {valid_to}", "Tokens: {name} {surname} {card_last4} {points} {product} {offer} {valid_to}";
    Preview => "预览（真实客户）", "Preview (a real customer)";
    SmsLength => "{chars} 字，{parts} 条短信", "{chars} characters, {parts} SMS";
    SendAt => "发送时间", "Send at";
    SendNow => "上线后立即发送", "As soon as launched";
    QuietHours => "免打扰时段（21:00–08:00 不发送）", "Quiet hours (no sends 21:00–08:00)";
    FrequencyCap => "频次上限：每位客户 {n} 天内最多 {m} 条营销消息（跨所有活动）", "Frequency cap: at most {m} marketing messages per customer in {n} days (all campaigns)";
    CapMessages => "最多条数", "At most messages";
    CapDays => "天数", "Per days";
    HoldoutPct => "对照组比例（%）", "Control group (%)";
    HoldoutHint => "对照组客户不接收任何消息，用于衡量活动的真实增量；按客户随机且可复现地分配。", "Control customers receive nothing; they measure the campaign's true uplift. Assignment is random and reproducible per customer.";
    AttributionDays => "归因窗口（天）", "Attribution window (days)";
    SaveDraft => "保存草稿", "Save draft";
    Submit => "提交审批", "Submit for approval";
    Approve => "批准", "Approve";
    Reject => "驳回", "Reject";
    Launch => "上线", "Launch";
    CancelCampaign => "取消活动", "Cancel campaign";
    DecisionComment => "审批意见", "Comment";
    ConfirmLaunch => "确认上线？将向受众中的实验组发送消息。", "Launch now? Messages go to the treatment group of the audience.";
    ConfirmCancel => "确认取消该活动？", "Cancel this campaign?";
    CreatedBy => "创建", "Created by";
    SubmittedBy => "提交", "Submitted by";
    DecidedBy => "审批", "Decided by";
    NotEditable => "已提交的活动不能修改；被驳回后可再次编辑。", "Submitted campaigns cannot be edited; a rejected one can.";
    CannotApproveOwn => "不能审批自己创建或提交的活动。", "You cannot decide on a campaign you created or submitted.";
    Results => "活动效果", "Results";
    Treatment => "实验组", "Treatment";
    Control => "对照组", "Control";
    ResponseRate => "响应率", "Response rate";
    Responded => "响应人数", "Responded";
    Uplift => "增量（实验组−对照组）", "Uplift (treatment − control)";
    UpliftCi => "95% 置信区间", "95% confidence interval";
    IncrementalSpend => "增量消费", "Incremental spend";
    Roi => "每元预算带来的增量消费", "Incremental spend per ¥1 of budget";
    ByDaySince => "上线后累计响应率", "Cumulative response rate by day since launch";
    DaySince => "上线后天数", "Days since launch";
    DownloadResults => "下载效果 CSV", "Download results (CSV)";
    DownloadContacts => "下载名单 CSV（脱敏）", "Download contact list (CSV, masked)";
    ContactList => "发送名单", "Contact list";
    ColDelivery => "发送状态", "Delivery";
    ColReason => "原因", "Reason";
    DeliveryPending => "待发送", "Pending";
    DeliverySent => "已发送", "Sent";
    DeliveryFailed => "失败", "Failed";
    DeliverySuppressed => "未发送", "Not sent";
    NoDeliveries => "暂无发送记录", "No deliveries";
    Significant => "显著", "significant";
    NotSignificant => "不显著", "not significant";
    Arm => "分组", "Group";
    ColMembersOnly => "人数", "Members";
    AttributedSpend => "归因消费", "Attributed spend";
    Step => "步骤", "Step";
    NextStep => "下一步", "Next";
    PrevStep => "上一步", "Back";
    AllStatuses => "全部状态", "All statuses";
    ColValidity => "有效期", "Valid";
    ColLaunched => "上线时间", "Launched";
    DeliveryProgress => "发送进度", "Delivery progress";
    ReadOnlyCampaign => "该活动已不可编辑。", "This campaign can no longer be edited.";
    DecisionNeeded => "驳回时请填写意见。", "Give a comment when rejecting.";
    CheckFields => "请先修正标出的字段。", "Please fix the marked fields first.";
    ColOffer => "权益", "Offer";
    ColResponse => "响应", "Response";
    CampaignConflict => "该活动已被他人修改，请刷新页面后重试。", "Someone else changed this campaign; reload the page and try again.";
    ApprovalTrail => "审批记录", "Approval trail";
    AudienceEstimate => "预计受众", "Estimated audience";
    SplitEstimate => "实验组约 {t} 人 · 对照组约 {c} 人", "About {t} treatment · {c} control";
    PreviewNeedsSave => "选择客群并填写模板、保存后可预览真实客户收到的消息。", "Choose a segment, write the template and save to preview a real customer's message.";
    DeliveryProgressText => "已处理 {done} / {total}（已发送 {sent}，未发送 {suppressed}，待发送 {pending}）", "{done} of {total} processed ({sent} sent, {suppressed} not sent, {pending} pending)";
    RejectedBecause => "被驳回：{comment}", "Rejected: {comment}";
    CapLabel => "频次上限", "Frequency cap";
    CapText => "每位客户 {n} 天内最多 {m} 条营销消息（跨所有活动）", "At most {m} marketing messages per customer in {n} days (all campaigns)";
    CampaignsEmpty360 => "该客户尚未参与营销活动。", "This customer has not been in a campaign.";
    TabOverview => "概览", "Overview";
    TabProfile => "基本信息与偏好", "Profile & preferences";
    TabCards => "卡片与账单", "Cards & statements";
    TabSpending => "消费分析", "Spending";
    TabPoints => "积分", "Points";
    TabInstallments => "分期", "Installments";
    TabService => "服务记录", "Service";
    TabSurveys => "满意度调查", "Surveys";
    TabCampaigns => "营销活动", "Campaigns";
    Sections => "客户全景分区", "Customer 360 sections";
    Insight => "客户洞察", "Customer insight";
    RfmScores => "RFM 评分", "RFM scores";
    Segment => "RFM 分群", "RFM segment";
    PAlive => "活跃概率", "Probability active";
    Expected90d => "未来 90 天预计交易", "Expected purchases, next 90 days";
    ExpectedSpend => "预计单笔消费", "Expected spend per purchase";
    Clv12m => "12 个月客户价值", "12-month customer value";
    ValueTier => "价值等级", "Value tier";
    ChurnRisk => "流失风险", "Churn risk";
    CreditRisk => "信用风险", "Credit risk";
    RiskScore => "风险评分", "Risk score";
    LimitCandidate => "提额候选客户", "Limit-increase candidate";
    ComputedAt => "洞察计算时间", "Insight computed";
    ModelsFittedAt => "模型拟合时间", "Models fitted";
    NoInsight => "尚未计算客户洞察，请运行 crm-server analytics。", "No insight yet: run crm-server analytics.";
    NoReasons => "无异常信号", "No warning signs";
    LastPurchase => "最近消费", "Last purchase";
    DaysAgo => "{n} 天前", "{n} days ago";
    NextBestOffers => "下一步最佳推荐", "Next best offers";
    NoOffers => "暂无推荐", "No offers for now";
    OfferScore => "推荐分", "Score";
    SendVia => "推荐渠道", "Send via";
    ConversationOnly => "仅在客户来电或到访时介绍", "Mention only when the customer gets in touch";
    SuppressedDnd => "客户设置了免打扰", "Customer asked not to be disturbed";
    SuppressedNoConsent => "客户未授权任何营销渠道", "No marketing consent on any channel";
    Statements => "账单", "Statements";
    Payments => "还款记录", "Payments";
    ColCycle => "账期", "Cycle";
    ColNewBalance => "本期应还", "New balance";
    ColMinimumDue => "最低还款", "Minimum due";
    ColDueDate => "到期还款日", "Due date";
    ColPaid => "已还", "Paid";
    ColPaidOn => "还款日", "Paid on";
    ColDpd => "逾期天数", "Days past due";
    ColPaymentChannel => "还款方式", "Method";
    NoStatements => "暂无账单", "No statements";
    NoPayments => "暂无还款记录", "No payments";
    ByChannel => "支付渠道", "Payment channels";
    TopMerchants => "常去商户", "Top merchants";
    TimeOfDay => "消费时段", "Time of day";
    PreferredChannel => "偏好支付方式", "Preferred payment channel";
    TopCategories => "偏好消费类别", "Favourite categories";
    Preferences => "消费偏好", "Preferences";
    Earned12m => "近 12 个月获得", "Earned, 12 months";
    Redeemed12m => "近 12 个月兑换", "Redeemed, 12 months";
    ExpiringSoon => "即将到期积分", "Points expiring";
    PointsLedger => "积分明细", "Points history";
    ColKind => "类型", "Type";
    ColPoints => "积分", "Points";
    ColExpiresOn => "到期日", "Expires";
    ColDescription => "说明", "Description";
    NoExpiring => "没有即将到期的积分", "No points expiring";
    NoPointsEntries => "暂无积分记录", "No points history";
    InstallmentPurchases => "分期交易", "Installment purchases";
    InstallmentTotal => "分期总额", "Installments total";
    NoInstallments => "暂无分期交易", "No installment purchases";
    ServiceTimeline => "全渠道服务记录", "Service timeline (all channels)";
    ColAgent => "坐席", "Agent";
    ColOutcome => "结果", "Outcome";
    ColFirstResponse => "首次响应", "First response";
    ColResolution => "解决用时", "Resolution";
    ColSummary => "摘要", "Summary";
    NoInteractions => "暂无服务记录", "No service interactions";
    SelfService => "自助", "Self-service";
    SurveysTitle => "满意度反馈", "Survey responses";
    ColTouchpoint => "触点", "Touchpoint";
    ColComment => "评价", "Comment";
    NoSurveys => "暂无调查反馈", "No survey responses";
    RevealId => "查看完整号码", "Reveal full ID";
    RevealTitle => "查看完整身份证号", "Reveal the full national ID";
    RevealReason => "查看原因", "Reason";
    RevealHint => "查看人、客户、时间和原因都会记入审计日志。", "Who, whom, when and why are written to the audit log.";
    Reveal => "查看", "Reveal";
    Cancel => "取消", "Cancel";
    Close => "关闭", "Close";
    Revealed => "已记入审计日志", "Written to the audit log";
    Active30 => "30 天活跃卡", "Active in 30 days";
    Active90 => "90 天活跃卡", "Active in 90 days";
    ActiveRate30 => "30 天活跃率", "Active rate (30 days)";
    ActiveRate90 => "90 天活跃率", "Active rate (90 days)";
    AllProducts => "全部卡产品", "All products";
    AllRegions => "全部省份", "All provinces";
    AllSegments => "全部分群", "All segments";
    AllTopics => "全部主题", "All topics";
    AtEndOf => "截至", "At the end of";
    BackToDashboard => "← 返回看板", "← Back to the dashboard";
    Band95 => "95% 区间", "95% band";
    ByProvinceLatest => "各省卡业务（所选最后一个月）", "Cards by province (last month of the range)";
    CampaignResultsSummary => "营销活动效果", "Campaign results";
    CampaignSummaryNote => "所选期间内上线的活动；响应率按所选客户计算，增量 = 实验组 − 对照组。", "Campaigns launched in the range; response rates among the selected customers, uplift = treatment − control.";
    CardsByProduct => "在用卡产品构成", "Cards in force by product";
    CardsInForce => "在用卡", "Cards in force";
    CardsTrend => "在用卡与活跃卡", "Cards in force and active";
    CardsWithSpend => "有消费卡数", "Cards with spend";
    ClosedCards => "销卡", "Closed cards";
    ColControl => "对照组", "Control";
    ColCsatAnswers => "CSAT 样本", "CSAT answers";
    ColDetractors => "贬损者", "Detractors";
    ColNpsAnswers => "NPS 样本", "NPS answers";
    ColProduct => "卡产品", "Card product";
    ColPromoters => "推荐者", "Promoters";
    ColTreatment => "实验组", "Treatment";
    Comments => "客户评论", "Comments";
    ComplaintTopics => "常见投诉主题", "Common complaint topics";
    ControlRate => "对照组响应率", "Control response rate";
    CsatLabel => "CSAT 满意度", "CSAT";
    CsatSatisfiedShare => "CSAT 满意占比 (%)", "CSAT satisfied (%)";
    DashTabCards => "卡业务", "Card business";
    DashTabService => "服务", "Service";
    DashboardTitle => "经营与满意度看板", "Business and satisfaction dashboard";
    DelinquencyBuckets => "逾期账单（按逾期天数）", "Past-due statements by days past due";
    DelinquencyNote => "按到期月份统计已到期账单；点击图例查看对应客户。", "Statements by the month they fell due; click a legend entry for the customers.";
    DelinquencyRate => "逾期率", "Delinquency rate";
    DetractorsOnly => "只看贬损者", "Detractors only";
    Done => "已完成", "Done";
    DormantCards => "睡眠卡", "Dormant cards";
    DormantNote => "在用但 90 天无消费", "In force, no spend for 90 days";
    DueOn => "到期", "Due";
    ExportCsv => "导出 CSV", "Export CSV";
    Filters => "筛选条件", "Filters";
    FirstResponseInSla => "首次响应达标率", "First response within SLA";
    FollowUpNote => "回访记录", "Follow-up note";
    FollowUpsLead => "NPS 0–6 或 CSAT 1–2 的客户由归属网点在 3 天内回访。", "Customers who answer NPS 0–6 or CSAT 1–2 are called back by their branch within 3 days.";
    FollowUpsOpen => "待回访", "Open follow-ups";
    FollowUpsTitle => "贬损者回访", "Detractor follow-ups";
    FromMonth => "开始月份", "From";
    HeatmapNote => "格内数字为 NPS；颜色由红（低）到绿（高），灰色表示无样本。点击省份查看贬损者。", "Cells show NPS, red (low) to green (high), grey without answers. Click a province for its detractors.";
    InMonth => "月份", "Month";
    InRange => "所选期间合计", "Total in the range";
    Interactions => "服务量", "Interactions";
    InteractionsByChannel => "各渠道月度服务量", "Interactions by channel and month";
    Last12Months => "近 12 个月", "Last 12 months";
    LowestFirst => "得分最低的地区排在最前；点击查看贬损者。", "Lowest scores first; click for the detractors.";
    MarkFollowedUp => "记录回访", "Record follow-up";
    MeanFirstResponse => "平均首次响应", "Mean first response";
    MeanResolution => "平均解决时长", "Mean resolution time";
    NavDashboard => "经营看板", "Dashboard";
    NavDashboards => "看板", "Dashboards";
    NavFollowUps => "贬损者回访", "Detractor follow-ups";
    NewCards => "新增发卡", "New cards";
    NoAnswers => "暂无样本", "No answers yet";
    NoComments => "没有符合条件的评论", "No comments match";
    NoDataForFilters => "所选条件下暂无数据，请放宽筛选条件。", "No data for these filters; try widening them.";
    NoDrillRows => "没有符合条件的客户", "No customers match";
    NoFollowUps => "没有回访任务", "No follow-up tasks";
    NpsByBranch => "各网点 NPS", "NPS by branch";
    NpsByChannel => "各渠道 NPS", "NPS by channel";
    NpsByProduct => "各卡产品 NPS", "NPS by card product";
    NpsByProvince => "各省 NPS", "NPS by province";
    NpsBySegment => "各客户分群 NPS", "NPS by customer segment";
    NpsByTouchpoint => "各触点 NPS", "NPS by touchpoint";
    NpsHeatmap => "NPS 热力图（月份 × 省份）", "NPS heat map (month × province)";
    NpsLabel => "净推荐值 NPS", "Net Promoter Score";
    NpsNote => "NPS = 推荐者占比 − 贬损者占比（−100 至 100）。", "NPS = % promoters − % detractors (−100 to 100).";
    NpsTrend => "NPS 与满意度月度趋势", "NPS and satisfaction by month";
    Overdue => "已逾期", "Overdue";
    Passives => "中立者", "Passives";
    Pending => "处理中", "Pending";
    PointsIssued => "积分发放", "Points issued";
    PointsIssuedRedeemed => "积分发放 / 兑换", "Points issued / redeemed";
    PointsRedeemed => "积分兑换", "Points redeemed";
    PointsTrend => "积分发放与兑换", "Points issued and redeemed";
    RatesTrend => "活跃率与循环余额占比", "Active rates and revolving share";
    RedemptionRate => "兑换率", "Redemption rate";
    ResetFilters => "重置", "Reset";
    ResolutionInSla => "解决时长达标率", "Resolved within SLA";
    ResolutionSlaComplaint => "投诉与争议解决时限", "Complaints and disputes resolved within";
    ResolutionSlaOther => "其他请求", "other requests";
    Responses => "调查样本", "Survey answers";
    RevolvingNote => "到期未还清的账单余额占比", "Statement balance not repaid by the due date";
    RevolvingShare => "循环余额占比", "Revolving balance share";
    Satisfied45 => "满意（4–5 分）", "Satisfied (4–5)";
    SearchComments => "搜索评论内容", "Search comments";
    ServiceByChannel => "各渠道服务水平", "Service levels by channel";
    SlaTarget => "首次响应时限", "First-response target";
    SlaTrend => "服务水平达标率趋势", "Service levels by month";
    SmallSample => "样本较少，结果仅供参考", "small sample, read with care";
    Spend => "消费金额", "Spend";
    SpendPerActive => "单卡月均消费", "Spend per active card";
    SpendPerActiveTrend => "有消费卡的月均消费", "Monthly spend per card with spend";
    StatementsDue => "到期账单", "Statements due";
    StatementsPastDue => "张账单逾期", "statements past due";
    TabSatisfaction => "满意度", "Satisfaction";
    ToMonth => "结束月份", "To";
    Topic => "主题", "Topic";
    TopicsNote => "从非好评评论的关键词识别。", "Recognised from keywords in comments that are not praise.";
    TreatmentRate => "实验组响应率", "Treatment response rate";
    VsPrevious => "较上期", "vs previous period";
    WithinSla => "达标率", "within SLA";
    AnswerRequired => "请先选择评分。", "Please choose a score first.";
    AllTickets => "全部未结", "All open";
    ChannelCall => "电话外呼", "Phone calls";
    ChannelEmail => "电子邮件", "Email";
    ChannelPush => "App 推送", "App notifications";
    ChannelSms => "短信", "SMS";
    ChannelWechat => "微信", "WeChat";
    ConsentCentre => "营销偏好", "Marketing preferences";
    ConsentLead => "选择我们可以通过哪些渠道向您推荐优惠。修改立即生效。", "Choose how we may tell you about offers. Changes apply at once.";
    ConsentSaved => "已保存，立即生效。", "Saved; it applies at once.";
    DndHint => "开启后不再收到任何营销信息", "No marketing messages at all";
    PortalMe => "我的", "Me";
    ConfirmRedeem => "确认用 {points} 积分兑换「{item}」？兑换后不可撤销。", "Redeem {points} points for “{item}”? This cannot be undone.";
    ConfirmRedeemButton => "确认兑换", "Redeem now";
    NotEnoughPoints => "积分不足", "Not enough points";
    PointsUnit => "积分", "points";
    Redeem => "兑换", "Redeem";
    Redeemed => "兑换成功！剩余积分", "Redeemed! Points left:";
    Rewards => "权益", "Rewards";
    ActionDone => "已完成，并记入工单处理记录。", "Done, and noted in the ticket's history.";
    Apply => "确定", "Apply";
    ConfirmLost => "确认挂失（立即停用）", "Confirm: block the card now";
    GoodwillPoints => "积分补偿（可为负数）", "Goodwill points (negative to take back)";
    LockCard => "锁卡", "Lock card";
    LostReported => "已挂失，客服会尽快联系您补卡。", "Reported lost; we will contact you about a replacement.";
    MarkLost => "挂失", "Mark lost";
    NewPointsBalance => "调整后积分余额", "New points balance";
    OrderReplacement => "补发新卡", "Order replacement";
    PointsNumberNeeded => "请输入积分数（整数）。", "Enter the points as a whole number.";
    PointsReasonNeeded => "请填写非零积分和原因。", "Enter non-zero points and a reason.";
    QuickActions => "快捷操作", "Quick actions";
    Reason => "原因", "Reason";
    ReportLost => "挂失", "Report lost";
    UnlockCard => "解锁", "Unlock";
    BackToRequests => "← 我的服务请求", "← My requests";
    BankReply => "银行回复", "Bank";
    Me => "我", "Me";
    MyRequests => "我的服务请求", "My requests";
    NewRequest => "提交新的请求或投诉", "Open a request or complaint";
    NoRequests => "您还没有提交过服务请求", "You have not opened any requests";
    PortalService => "服务", "Service";
    RequestKind => "请求类型", "Type of request";
    SubmitRequest => "提交", "Submit";
    YourReply => "补充说明", "Your reply";
    AssignToMe => "分配给我", "Assign to me";
    Assignee => "处理人", "Assignee";
    BackToTickets => "← 返回工单列表", "← Back to tickets";
    Description => "问题描述", "Description";
    FirstResponseDue => "首次响应时限", "First response due";
    History => "处理记录", "History";
    IncludeClosed => "包含已解决和已关闭", "Include resolved and closed";
    InternalNote => "内部备注（客户不可见）", "Internal note (not shown to the customer)";
    InternalOnly => "仅内部", "Internal";
    MoveTo => "转为", "Move to";
    MyQueue => "我的工单", "My queue";
    NavService => "服务", "Service";
    NavTickets => "工单", "Tickets";
    NewTicket => "新建工单", "New ticket";
    NoCardConcerned => "不涉及具体卡片", "No particular card";
    NoTickets => "没有工单", "No tickets";
    OpenFull360 => "查看完整客户全景", "Open the full 360";
    OpenTicket => "创建工单", "Open ticket";
    PickCustomerFirst => "请先在客户全景中选择客户，再新建工单。", "Open a customer's 360 first, then create the ticket from there.";
    Priority => "优先级", "Priority";
    Queue => "队列", "Queue";
    ReleaseToQueue => "退回队列", "Release to queue";
    ReplyToCustomer => "回复客户（客户可见）", "Reply to the customer (visible to them)";
    ResolutionDue => "解决时限", "Resolution due";
    Send => "发送", "Send";
    Sla => "时限", "SLA";
    SlaTier => "时限依据的卡等级", "SLA tier";
    Subject => "主题", "Subject";
    TakeOver => "改由我处理", "Take over";
    TeamQueue => "团队队列（未分配）", "Team queue (unassigned)";
    TicketKindLabel => "工单类型", "Ticket type";
    TicketsLead => "按时限风险排序：已超时的排在最前。", "Sorted by SLA risk: overdue first.";
    TicketsTitle => "服务工单", "Service tickets";
    Unassigned => "未分配", "Unassigned";
    VisibleToCustomer => "客户可见", "Visible to the customer";
    NpsHigh => "非常愿意", "Extremely likely";
    NpsLow => "完全不愿意", "Not at all likely";
    Optional => "（选填）", " (optional)";
    QCsatCampaign => "您对这次活动的优惠满意吗？", "How satisfied are you with this offer?";
    QCsatService => "您对本次服务满意吗？", "How satisfied are you with this service?";
    QNps => "您有多大可能向亲友推荐我们的信用卡？", "How likely are you to recommend our credit card to friends and family?";
    QProductFit => "我们的卡产品符合您的需要吗？", "How well do our cards fit your needs?";
    QRewardsValue => "您觉得积分和权益划算吗？", "How good value are our points and rewards?";
    QSpeed => "办理速度如何？", "How fast was the service?";
    ScaleHigh => "非常满意", "Very satisfied";
    ScaleLow => "非常不满意", "Very dissatisfied";
    SurveyAbout => "关于", "About";
    SurveyComment => "还有什么想告诉我们的？（选填）", "Anything else you would like to tell us? (optional)";
    SurveySubmit => "提交评价", "Send";
    SurveyThanks => "感谢您的反馈！我们会认真改进。", "Thank you for your feedback!";
    SurveyTitle => "请您评价", "Tell us how we did";
    PortalBills => "账单", "Bills";
    CycleLabel => "账期", "Cycle";
    CycleOpen => "{cycle} 未出账 · 尾号 {last4}", "{cycle} (open) · card {last4}";
    CycleBilled => "{cycle} · 尾号 {last4}", "{cycle} · card {last4}";
    PaidSoFar => "已还", "Paid";
    CycleSpend => "本期消费", "Spent this cycle";
    OpenCycleNote => "本期尚未出账，以下为已入账的消费。", "This cycle is still open; these are the purchases posted so far.";
    InstallmentPostings => "本期分期入账", "Installments this cycle";
    InstalmentOf => "第 {n}/{of} 期", "Instalment {n} of {of}";
    Principal => "本金", "Principal";
    Fee => "手续费", "Fee";
    SearchMerchant => "搜索商户", "Search merchant";
    AllCategories => "全部类别", "All categories";
    DownloadCsv => "下载 CSV", "Download CSV";
    InInstallments => "已分期", "In installments";
    SplitPurchases => "消费分期", "Split a purchase";
    InstallmentsTitle => "账单分期", "Installments";
    InstallmentsLead => "单笔 500 元以上、60 天内的消费可分 3、6 或 12 期。确认前可看到手续费和还款计划。", "Purchases of ¥500 or more from the last 60 days can be split over 3, 6 or 12 months. You see the fee and the schedule before you confirm.";
    EligibleTitle => "可分期的消费", "Purchases you can split";
    NoEligible => "暂无可分期的消费。", "No purchases to split right now.";
    MonthsN => "{n} 期", "{n} months";
    EachMonth => "每期应还", "Each month";
    TotalFee => "总手续费", "Total fee";
    MonthlyRate => "月费率 {rate}", "Monthly fee {rate}";
    InterestFree => "免息", "Interest-free";
    InterestFreeBy => "“{campaign}”活动免息", "Interest-free with \"{campaign}\"";
    ScheduleTitle => "还款计划", "Schedule";
    ConfirmInstallment => "确认分期", "Confirm installments";
    InstallmentDone => "已办理分期，首期计入 {cycle} 账单。", "Done: the first instalment is on the {cycle} bill.";
    MyPlans => "我的分期", "My installment plans";
    NoPlans => "暂无分期", "No installment plans yet";
    SplitThis => "分期", "Split";
    ViewBill => "查看账单", "View bill";
    CurrentBill => "最新账单", "Latest bill";
    UnreadMessages => "您有 {n} 条未读消息", "You have {n} unread messages";
    ForYou => "为您推荐", "For you";
    RecommendedReading => "推荐阅读", "Recommended reading";
    TakeALook => "去看看", "Take a look";
    MembershipTitle => "会员等级", "Membership";
    MemberSpend12m => "近 12 个月消费", "Spend in the last 12 months";
    ToNextTier => "再消费 {amount} 即可升级为{tier}", "Spend {amount} more to reach {tier}";
    TopTier => "您已是最高等级会员", "You are at the top tier";
    Benefits => "会员权益", "Benefits";
    ExpiresOnDate => "{date} 到期", "expire on {date}";
    LearnTitle => "学习中心", "Learn";
    LearnLead => "用卡安全、防范诈骗、理性借贷，几分钟读懂。", "Card safety, fraud, and borrowing wisely, in a few minutes.";
    BackToLearn => "返回学习中心", "Back to Learn";
    MessagesTitle => "消息", "Messages";
    NoMessages => "暂无消息", "No messages";
    MoreServices => "更多服务", "More";
    CycleTransactions => "本期交易", "Transactions this cycle";
    NextExpiry => "最早到期积分", "Next points to expire";
    ImportTitle => "数据导入", "Import data";
    ImportLead => "上传核心系统导出的 CSV（客户、卡片、交易、账单、还款或满意度答卷；UTF-8 或 GBK，逗号或制表符分隔，含表头）。先校验，确认无误再导入：整个文件要么全部导入，要么不写入任何数据；重复导入同一文件不会产生重复记录。卡号导入时即脱敏。", "Upload a CSV export from the core systems (customers, cards, transactions, statements, payments or survey answers; UTF-8 or GBK, comma or tab separated, with a header row). Check it first, then import: the whole file is imported or nothing is; importing the same file again adds nothing. Card numbers are tokenised on the way in.";
    ImportKindLabel => "数据类型", "What the file holds";
    ImportFile => "CSV 文件", "CSV file";
    ImportCheck => "校验（不写入）", "Check (writes nothing)";
    ImportCommit => "导入", "Import";
    ImportWorking => "正在处理文件…", "Processing the file…";
    ChooseFile => "请先选择文件。", "Choose a file first.";
    ImportReport => "导入报告", "Import report";
    ImportCommitted => "已导入", "Imported";
    ImportRejected => "有错误，未写入", "Has problems; nothing written";
    ImportValid => "校验通过，可以导入", "Valid; ready to import";
    ImportRows => "数据行", "Rows";
    ImportInvalid => "有问题的行", "Rows with problems";
    ImportNew => "新增", "New";
    ImportPresent => "已存在（跳过）", "Already present (skipped)";
    ImportEncoding => "编码 · 分隔符", "Encoding · delimiter";
    ImportMapping => "列对应", "Column mapping";
    ImportHeader => "文件表头", "File header";
    ImportField => "字段", "Field";
    ImportProblems => "问题", "Problems";
    ImportCount => "行数", "Rows";
    ImportFirstProblems => "前几处问题", "First problems";
    ImportLine => "第 {line} 行", "line {line}";
    NavImport => "数据导入", "Import";
    ExportMembers => "导出客户名单", "Export members";
    ExportMembersHint => "CSV（Excel 可直接打开），手机号已脱敏；导出会记入审计日志", "CSV that opens in Excel, mobiles masked; the export is audit-logged";
    ImportBusy => "另一项导入正在进行，请稍后再试。", "Another import is running; try again when it is done.";
    ImportUploading => "正在上传文件…", "Uploading the file…";
    ImportProgress => "已读取 {pct}% · {rows} 行", "{pct}% read · {rows} rows";
    ImportSeconds => "用时（秒）", "Seconds";
    ImportDownloadAll => "下载全部问题（{n} 条）", "Download all problems ({n})";
    ImportHistory => "导入记录", "Import history";
    ImportHistoryEmpty => "还没有导入记录。", "No imports yet.";
    ImportStarted => "开始时间", "Started";
    ImportBy => "操作人", "By";
    ImportOutcome => "结果", "Outcome";
    ImportRunning => "进行中", "Running";
    ImportFailed => "失败", "Failed";
    ImportChecked => "已校验", "Checked";
    MappingLead => "已按表头自动识别，可逐列调整；带 * 的字段必须有对应列。", "Read from the headers automatically; change any column. Fields marked * need a column.";
    MappingSavedLabel => "已保存的映射", "Saved mapping";
    MappingNone => "（自动识别）", "(automatic)";
    MappingDelete => "删除映射", "Delete mapping";
    MappingIgnore => "（忽略此列）", "(ignore this column)";
    MappingMissing => "缺少必填字段：", "Required fields without a column:";
    MappingName => "映射名称", "Mapping name";
    MappingSave => "保存映射", "Save mapping";
    MappingSaved => "已保存映射“{name}”。", "Saved mapping “{name}”.";
    MappingDeleted => "已删除映射。", "Mapping deleted.";
    MappingNameNeeded => "请填写映射名称（最多 40 个字）。", "Give the mapping a name (at most 40 characters).";
    ExportResults => "导出结果（CSV，已脱敏）", "Export results (CSV, masked)";
    ImportTooLarge => "文件超过 256 MB：请用命令行导入（crm-server import），它没有大小限制。", "The file is over 256 MB: import it with the command line (crm-server import), which has no size limit.";
    ImportCatchUp => "客户洞察、客群人数与看板正在后台增量更新，几分钟内可见新数据。", "Insight, segment counts and dashboards are catching up in the background; the new data shows within minutes.";
    ImportTemplate => "下载{kind}导入模板（CSV 表头）", "Download the {kind} template (CSV header)";
    ImportKindShort => "类型", "Kind";
    ImportDownloadShort => "下载（{n} 条）", "Download ({n})";
    ImportInvalidShort => "问题行", "Invalid";
    ImportRejectedShort => "有错误，未写入", "Rejected";
    NavAudit => "审计日志", "Audit log";
    AccountMenu => "我的账户", "My account";
    ChangePassword => "修改密码", "Change password";
    ChangePasswordLead => "保存后，您在其他设备和浏览器上的登录会全部退出。", "After saving, you are signed out on every other device and browser.";
    MustChangeTitle => "请先设置新密码", "Choose a new password first";
    MustChangeBanner => "您正在使用管理员发放的一次性密码。请先设置自己的新密码，然后才能继续使用系统。", "You signed in with a one-time password from an administrator. Choose your own password before you continue.";
    CurrentPassword => "当前密码", "Current password";
    CurrentPasswordOneTime => "当前密码（一次性密码）", "Current password (the one-time password)";
    NewPassword => "新密码", "New password";
    ConfirmPassword => "确认新密码", "Confirm new password";
    ShowPasswords => "显示密码", "Show passwords";
    PasswordRulesTitle => "新密码要求", "The new password";
    RuleLength => "12 到 128 个字符", "has 12 to 128 characters";
    RuleNotUsername => "不包含用户名", "does not contain your user name";
    RuleNotCurrent => "与当前密码不同", "differs from the current password";
    RuleConfirmed => "两次输入一致", "is entered the same way twice";
    RuleNotCommon => "不是常见密码（保存时由服务器检查）", "is not a common password (checked by the server when you save)";
    RuleMet => "已满足：", "Met: ";
    RuleNotMet => "未满足：", "Not met: ";
    PasswordsDiffer => "两次输入的新密码不一致。", "The two new passwords differ.";
    SavePassword => "保存新密码", "Save new password";
    PasswordChanged => "密码已修改，其他设备上的登录已退出。", "Password changed; your other sessions were signed out.";
    NewUser => "新建用户", "New user";
    NewUserLead => "新用户会得到一个一次性密码，首次登录时必须改成自己的密码。", "A new user gets a one-time password, which they must replace at the first sign-in.";
    DisplayName => "显示名称", "Display name";
    RoleLabel => "角色", "Role";
    ChooseBranch => "请选择网点", "Choose a branch";
    NoBranchNeeded => "该角色不需要归属网点", "This role has no home branch";
    BranchNeededHint => "经理、营销人员和客服坐席必须有归属网点。", "Managers, marketers and agents need a home branch.";
    UsernameHint => "3–32 个字符：小写字母、数字、点、下划线或连字符；创建后不能修改。", "3–32 characters: lower-case letters, digits, dot, underscore or hyphen; it cannot change later.";
    CreateUser => "创建用户", "Create user";
    Creating => "正在创建…", "Creating…";
    UserCreated => "已创建用户 {name}。", "User {name} was created.";
    PasswordResetDone => "已重置 {name} 的密码，其所有登录已退出。", "The password of {name} was reset and all their sessions ended.";
    OneTimePassword => "一次性密码", "One-time password";
    OneTimePasswordWarning => "此密码只显示这一次，关闭后无法再查看。请通过安全渠道交给用户本人；用户首次登录时必须修改。", "This password is shown only this once and cannot be viewed again after you close this. Hand it to the user in person or through a secure channel; they must change it at the first sign-in.";
    Copy => "复制", "Copy";
    Copied => "已复制", "Copied";
    CopyFailed => "无法自动复制，请选中密码后手动复制。", "Could not copy automatically; select the password and copy it by hand.";
    OneTimeDone => "我已记下，关闭", "I have noted it, close";
    OpenUser => "查看用户", "Open user";
    BackToUsers => "返回用户列表", "Back to users";
    MustChangePassword => "待改密码", "Must change password";
    UserDetails => "用户信息", "User details";
    UserId => "用户编号", "User id";
    SaveChanges => "保存修改", "Save changes";
    UserSaved => "已保存修改。", "Changes saved.";
    StaleUser => "其他人刚刚修改了此用户，您的修改未保存。请重新加载后再改。", "Someone else changed this user just now; your change was not saved. Reload and make it again.";
    Reload => "重新加载", "Reload";
    SignInSecurity => "登录与安全", "Sign-in and security";
    UserCanSignIn => "该用户可以登录。", "This user can sign in.";
    UserCannotSignIn => "该用户已停用，不能登录。", "This user is disabled and cannot sign in.";
    UserMustChangeHint => "该用户下次登录时必须修改密码。", "This user must change the password at the next sign-in.";
    EndsSessionsHint => "修改角色或网点、停用或重置密码，都会让该用户立即退出所有登录。", "Changing the role or branch, disabling or a password reset signs the user out everywhere at once.";
    CardholderRoleFixed => "持卡人账户随客户开通，角色不能修改。", "Cardholder accounts come with the customer; the role cannot change.";
    DisableUser => "停用用户", "Disable user";
    EnableUser => "启用用户", "Enable user";
    DisableTitle => "停用 {name}？", "Disable {name}?";
    DisableBody => "该用户会立即退出所有登录，并且在重新启用之前不能登录。", "The user is signed out everywhere at once and cannot sign in until enabled again.";
    UserDisabled => "已停用该用户。", "The user was disabled.";
    UserEnabled => "已启用该用户。", "The user was enabled.";
    ResetPassword => "强制重置密码", "Force password reset";
    ResetTitle => "重置 {name} 的密码？", "Reset the password of {name}?";
    ResetBody => "将生成新的一次性密码并只显示一次；该用户的所有登录立即退出，下次登录时必须修改密码。", "A new one-time password is made and shown once; every session of the user ends at once and they must change it at the next sign-in.";
    AuditTitle => "审计日志", "Audit log";
    AuditLead => "谁在何时从哪里做了什么：登录、用户管理、客户查看、导出等。日志只能查询，不能修改或删除。", "Who did what, when and from where: sign-ins, user administration, customer views, exports. Entries can be searched, never edited or deleted.";
    CustomerIdLabel => "客户 ID", "Customer ID";
    AuditAction => "事件", "Action";
    ActionCustom => "其他（手动输入代码）", "Other (type a code)";
    ActionCode => "事件代码", "Action code";
    ActionCodeHint => "完整代码，或以“.”结尾的前缀，如 user.", "A full code, or a prefix ending in “.”, such as user.";
    FromDate => "开始日期", "From";
    ToDate => "结束日期", "To";
    ApplyFilters => "查询", "Search";
    ClearFilters => "清除条件", "Clear filters";
    AuditCount => "共 {n} 条记录", "{n} entries";
    NoAudit => "没有符合条件的记录", "No matching entries";
    NoAuditHint => "放宽日期范围或清除条件后再试。", "Widen the dates or clear the filters and try again.";
    ColUser => "用户", "User";
    ColCustomer => "客户", "Customer";
    ColDetail => "详情", "Detail";
    ColAddress => "来源地址", "Address";
    UnknownUser => "未知用户", "Unknown user";
    DateOrder => "结束日期不能早于开始日期。", "The end date is before the start date.";
    CustomerIdFormat => "请输入正整数。", "Enter a positive whole number.";
    NotAllowedHint => "如需使用此页面，请联系系统管理员。", "Ask an administrator if you need this page.";
    ArticleNotFound => "没有找到这篇文章。", "That article was not found.";
    NavApprovals => "积分审批", "Points approvals";
    PendingApprovalsCount => "{n} 条待审批", "{n} awaiting approval";
    ApprovalsTitle => "积分调整审批", "Points adjustment approvals";
    ApprovalsLead => "超过 {n} 积分的补偿调整需另一位经理复核后才会入账。", "Goodwill adjustments over {n} points are posted only after a second manager approves them.";
    ApprovalPending => "待审批", "Pending";
    ApprovalsCount => "共 {n} 条申请", "{n} requests";
    NoPendingApprovals => "没有待审批的积分调整", "No adjustments are waiting for approval";
    NoPendingApprovalsHint => "坐席提交超过 {n} 积分的调整后，会出现在这里。", "When an agent asks for more than {n} points, the request appears here.";
    NoDecidedApprovals => "没有该状态的申请", "No requests with this status";
    NoDecidedApprovalsHint => "切换到「待审批」查看等待处理的申请。", "Switch to Pending to see the requests waiting for a decision.";
    ColRequestedAt => "申请时间", "Requested";
    ColRequestedBy => "申请人", "Requested by";
    ColTicket => "工单", "Ticket";
    ColDecidedBy => "审批人", "Decided by";
    ColDecidedAt => "审批时间", "Decided";
    ColDecisionComment => "审批意见", "Comment";
    ApproveRequestTitle => "批准申请 #{id}？", "Approve request #{id}?";
    ApproveRequestBody => "将为客户 {customer} 调整 {points} 积分，立即入账且不可撤销。", "{points} points will be posted to customer {customer} now; this cannot be undone.";
    RejectRequestTitle => "驳回申请 #{id}", "Reject request #{id}";
    RejectRequestBody => "客户 {customer} 的 {points} 积分调整不会入账。请说明驳回原因。", "The {points}-point adjustment for customer {customer} will not be posted. Say why you reject it.";
    CommentOptional => "审批意见（选填）", "Comment (optional)";
    CommentRequired => "驳回原因（必填）", "Reason for rejecting (required)";
    CommentNeeded => "请填写驳回原因。", "Enter a reason for rejecting.";
    CommentHint => "最多 200 字。", "At most 200 characters.";
    CommentTooLong => "审批意见最多 200 字。", "A comment has at most 200 characters.";
    ApproveAction => "批准入账", "Approve and post";
    RejectAction => "确认驳回", "Reject";
    ApprovedMessage => "已批准申请 #{id}，{points} 积分已入账。", "Request #{id} approved: {points} points posted.";
    RejectedMessage => "已驳回申请 #{id}，积分未入账。", "Request #{id} rejected: no points were posted.";
    ApprovalOwnRequest => "这笔调整是您本人提交的，需由另一位经理审批。", "You asked for this adjustment yourself: another manager must approve it.";
    ApprovalChanged => "该申请已被处理或已变更，列表已刷新。", "This request was already decided or changed: the list has been reloaded.";
    ApprovalNeededHint => "超过 {n} 积分的调整需经理复核。", "Adjustments over {n} points need a manager's approval.";
    PointsPendingApproval => "超过 {n} 积分的调整需经理复核，已提交审批（申请 #{id}）。", "Adjustments over {n} points need a manager's approval: request #{id} submitted.";
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Zh) };
}

/// The language currently shown (for code outside the reactive graph, such as
/// the API client's `Accept-Language`).
#[must_use]
pub fn current_lang() -> Lang {
    CURRENT.with(Cell::get)
}

const STORAGE_KEY: &str = "cardinal.lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The language context.
#[derive(Clone, Copy)]
pub struct I18n {
    /// Shown language.
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// Text of `key` in the current language (reactive when read in a closure).
    #[must_use]
    pub fn t(&self, key: T) -> &'static str {
        key.get(self.lang.get())
    }

    /// Text with `{name}` placeholders filled in.
    #[must_use]
    pub fn fmt(&self, key: T, args: &[(&str, &str)]) -> String {
        fill(key.get(self.lang.get()), args)
    }

    /// Switches language, remembers it, and updates `<html lang>`.
    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
    }
}

/// Replaces `{name}` placeholders.
#[must_use]
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Creates the language context from `localStorage` (Chinese by default).
pub fn provide_i18n() -> I18n {
    let saved = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map_or(Lang::Zh, |v| if v == "en" { Lang::En } else { Lang::Zh });
    let i18n = I18n {
        lang: RwSignal::new(saved),
    };
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        CURRENT.with(|c| c.set(lang));
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.tag());
        }
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", lang.tag());
        }
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(T::AppName.get(lang));
        }
    });
    provide_context(i18n);
    i18n
}

/// The language context (panics outside the app, which is a programming error).
#[must_use]
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(T::ResultsCount.get(Lang::Zh), &[("n", "12")]),
            "共 12 位客户"
        );
        assert_eq!(
            fill(T::PageOf.get(Lang::En), &[("p", "2"), ("n", "9")]),
            "Page 2 of 9"
        );
    }

    #[test]
    fn both_languages_differ_for_words() {
        assert_ne!(T::SignIn.get(Lang::Zh), T::SignIn.get(Lang::En));
    }
}
