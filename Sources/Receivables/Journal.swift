/// The bookkeeping accounts saatava's journal lines go to (config `journal`, docs/journal.md). Account numbers are
/// digit strings, as the books name them; the defaults follow the common Finnish chart of accounts.
public struct JournalAccounts: Sendable, Equatable {
    /// Myyntisaamiset: what the invoices still owe in principal.
    public var receivables = "1700"
    /// Pankkitili: every bank account not named in `bankByIBAN`.
    public var bank = "1910"
    /// The account of each bank account that has one of its own, by IBAN (canonical: upper case, no spaces).
    public var bankByIBAN: [String: String] = [:]
    /// Saadut ennakot: money received and not (yet) placed on an invoice, refunded or decided on.
    public var advances = "2600"
    /// Reminder fees paid (other operating income).
    public var feeIncome = "3950"
    /// Penalty interest paid (financial income).
    public var interestIncome = "9160"
    /// The 40 € standard compensation paid (other operating income).
    public var compensationIncome = "3960"
    /// Refunds decided and not yet paid out (other short-term liabilities).
    public var refundsPayable = "2900"

    /// The defaults.
    public init() {}

    /// The account for money received on bank account `account` (an IBAN or a Finnish account number in machine
    /// form, as the bank file gives it).
    public func bank(for account: String?) -> String {
        guard let account, !bankByIBAN.isEmpty else { return bank }
        let iban = (try? IBAN(parsing: account)) ?? IBAN(finnishBBAN: account)
        return iban.flatMap { bankByIBAN[$0.canonical] } ?? bank
    }
}

/// One line of the `journal` view (docs/design.md, "Ledger views"): a debit or a credit on one account, in a voucher
/// whose lines balance.
public struct JournalLineView: Sendable, Equatable {
    /// The run whose journal carries the line; nil while no run has carried it yet (booked by `saatava resolve`).
    public let run: Int64?
    /// The as-of date of that run.
    public let date: LocalDate?
    /// `<as-of>/<n>`: n numbers the vouchers of the day.
    public let voucher: String?
    public let account: String
    /// Minor units; exactly one of `debit` and `credit` is not zero.
    public let debit: Int64
    public let credit: Int64
    public let currency: Currency
    /// The payment's archive id, or the credit note's number.
    public let source: String
    public let memo: String

    /// A line as the ledger holds it.
    public init(
        run: Int64?, date: LocalDate?, voucher: String?, account: String, debit: Int64, credit: Int64, currency: Currency,
        source: String, memo: String
    ) {
        self.run = run
        self.date = date
        self.voucher = voucher
        self.account = account
        self.debit = debit
        self.credit = credit
        self.currency = currency
        self.source = source
        self.memo = memo
    }
}

/// The journal's balance checks per currency (docs/journal.md): whether saatava's journal lines agree with the ledger's
/// money rows.
public struct JournalBalance: Sendable, Equatable {
    /// One currency's figures, in minor units.
    public struct Figures: Sendable, Equatable {
        public let currency: Currency
        /// Σ debit and Σ credit of every journal line.
        public var debits: Int64 = 0
        public var credits: Int64 = 0
        /// Σ amount of the invoices, interest invoices and credit notes (negative) booked in the ledger.
        public var invoicesBooked: Int64 = 0
        /// Σ debit − Σ credit of the journal lines on the receivables account.
        public var receivablesPosted: Int64 = 0
        /// Σ open principal of the invoices, less the credit the credit notes have left.
        public var openItems: Int64 = 0
        /// Σ credit − Σ debit of the journal lines on the advances account.
        public var advancesPosted: Int64 = 0
        /// What the payments received still hold: their amounts less what was applied, refunded and reversed.
        public var advancesHeld: Int64 = 0

        /// The currency's figures before anything is added.
        public init(currency: Currency) {
            self.currency = currency
        }

        /// Debits equal credits, receivables equal the open items, advances equal what payments hold.
        public var isBalanced: Bool {
            debits == credits && invoicesBooked + receivablesPosted == openItems && advancesPosted == advancesHeld
        }
    }

    /// By currency code.
    public let currencies: [Figures]
    /// How many vouchers have lines that do not balance (in some currency).
    public let unbalancedVouchers: Int

    /// The checks' figures.
    public init(currencies: [Figures], unbalancedVouchers: Int) {
        self.currencies = currencies
        self.unbalancedVouchers = unbalancedVouchers
    }

    /// Every check holds.
    public var isBalanced: Bool { unbalancedVouchers == 0 && currencies.allSatisfy(\.isBalanced) }
}
