//! Closed vocabularies used on the wire and in the database.
//!
//! Each enum serialises as a `snake_case` string, which is also the value
//! stored in the database, so the two never drift apart.

use serde::{Deserialize, Serialize};

/// Defines a string-backed enum with `ALL`, `as_str` and `parse`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The wire and database spelling.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// Parses the wire spelling; `None` for anything else.
            #[must_use]
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use wire_enum;

wire_enum! {
    /// What a signed-in user may do.
    Role {
        /// Runs the system: users, configuration.
        Admin = "admin",
        /// Approves campaigns, reads dashboards, may unmask national IDs with a reason.
        Manager = "manager",
        /// Builds segments and campaigns.
        Marketer = "marketer",
        /// Serves customers: tickets, customer 360.
        Agent = "agent",
        /// A customer using the self-service portal; reaches only their own data.
        Cardholder = "cardholder",
    }
}

impl Role {
    /// The bank's staff roles (everyone but cardholders).
    pub const STAFF: &'static [Self] = &[Self::Admin, Self::Manager, Self::Marketer, Self::Agent];

    /// Whether this is a staff role.
    #[must_use]
    pub fn is_staff(self) -> bool {
        self != Self::Cardholder
    }
}

wire_enum! {
    /// Gender as recorded at application.
    Gender { Male = "male", Female = "female" }
}

wire_enum! {
    /// Urban or rural residence (the study targets both with different products).
    Residence { Urban = "urban", Rural = "rural" }
}

wire_enum! {
    /// Declared monthly income band.
    IncomeBand {
        Under5k = "under_5k",
        From5kTo10k = "5k_10k",
        From10kTo20k = "10k_20k",
        From20kTo50k = "20k_50k",
        Over50k = "over_50k",
    }
}

wire_enum! {
    /// Occupation group.
    Occupation {
        PublicServant = "public_servant",
        Teacher = "teacher",
        Medical = "medical",
        OfficeWorker = "office_worker",
        BusinessOwner = "business_owner",
        FactoryWorker = "factory_worker",
        Farmer = "farmer",
        Freelancer = "freelancer",
        Student = "student",
        Retired = "retired",
    }
}

wire_enum! {
    /// Card product (line), as the study names them.
    ProductCode {
        /// 青年卡
        Youth = "youth",
        /// 女性卡
        Women = "women",
        /// 公务卡
        Official = "official",
        /// 标准卡
        Standard = "standard",
        /// 金卡
        Gold = "gold",
        /// 白金卡
        Platinum = "platinum",
        /// 钻石卡
        Diamond = "diamond",
    }
}

wire_enum! {
    /// Card tier; platinum and diamond are the high-end tiers.
    Tier { Standard = "standard", Gold = "gold", Platinum = "platinum", Diamond = "diamond" }
}

wire_enum! {
    /// Life-cycle state of a card.
    CardStatus { Active = "active", Locked = "locked", Lost = "lost", Closed = "closed" }
}

wire_enum! {
    /// Merchant category of a card transaction.
    Category {
        Dining = "dining",
        Supermarket = "supermarket",
        OnlineShopping = "online_shopping",
        Apparel = "apparel",
        Travel = "travel",
        Fuel = "fuel",
        Education = "education",
        Healthcare = "healthcare",
        Entertainment = "entertainment",
        Utilities = "utilities",
        Digital = "digital",
        CashAdvance = "cash_advance",
    }
}

wire_enum! {
    /// How a transaction was made.
    TxChannel { Pos = "pos", Online = "online", MobileQr = "mobile_qr", Atm = "atm" }
}

wire_enum! {
    /// Kind of a points-ledger entry; the balance is the sum of all entries.
    PointsKind { Earn = "earn", Redeem = "redeem", Expire = "expire", Adjust = "adjust" }
}

wire_enum! {
    /// Where a service interaction happened.
    InteractionChannel {
        Phone = "phone",
        App = "app",
        Wechat = "wechat",
        Branch = "branch",
        OnlineChat = "online_chat",
        Email = "email",
    }
}

wire_enum! {
    /// What a service interaction was about.
    InteractionKind {
        Inquiry = "inquiry",
        Complaint = "complaint",
        CardLost = "card_lost",
        Dispute = "dispute",
        LimitRequest = "limit_request",
        Points = "points",
        Installment = "installment",
        Other = "other",
    }
}

wire_enum! {
    /// How a service interaction ended.
    Outcome { Resolved = "resolved", Escalated = "escalated", Pending = "pending" }
}

wire_enum! {
    /// A marketing channel a customer can consent to.
    ConsentChannel {
        Sms = "sms",
        AppPush = "app_push",
        Wechat = "wechat",
        Email = "email",
        OutboundCall = "outbound_call",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips_through_its_string() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
            let json = serde_json::to_string(c).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(*r));
        }
        assert_eq!(IncomeBand::parse("5k_10k"), Some(IncomeBand::From5kTo10k));
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn staff_roles_exclude_cardholders() {
        assert!(Role::STAFF.iter().all(|r| r.is_staff()));
        assert!(!Role::Cardholder.is_staff());
        assert_eq!(Role::STAFF.len() + 1, Role::ALL.len());
    }
}
