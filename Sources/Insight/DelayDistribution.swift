import Receivables

/// When invoices get paid, in days after their due date (negative: before it), estimated from a cohort of invoices
/// with the Kaplan–Meier method: an invoice still open counts as not paid through its days so far (it is
/// "censored" there), so invoices that are never paid, or not yet, lower the chance of payment instead of being
/// left out. Each invoice counts once, split by the share of it each payment paid.
struct DelayDistribution {
    /// Days after the due date at which payments were booked, ascending, each once.
    private let delays: [Int]
    /// At each of `delays`: the share of what was still unpaid (and observed) at that delay that was paid on it.
    private let hazards: [Double]
    /// How many invoices of the cohort had a payment.
    let sample: Int

    /// Estimates the distribution.
    /// - Parameters:
    ///   - paidAt: At each delay, the shares of their invoices the payments booked at it paid, summed (in the units
    ///     of `share`, as are the open shares).
    ///   - open: At each number of days since their due date so far, the shares still open of the open invoices
    ///     that many days past due, summed.
    ///   - sample: How many invoices had a payment.
    init(paidAt: [Int: Int64], open: [Int: Int64], sample: Int) {
        let paid = paidAt.sorted { $0.key < $1.key }
        let open = open.sorted { $0.key > $1.key }
        var hazards = [Double](repeating: 0, count: paid.count)
        // At risk at delay d: what was paid at d or later, and what is open and observed through d at least. The sums
        // are exact, so they do not depend on the order the shares came in.
        var atRisk: Int64 = 0
        var nextOpen = 0
        for index in paid.indices.reversed() {
            let (delay, share) = paid[index]
            atRisk += share
            while nextOpen < open.count && open[nextOpen].key >= delay {
                atRisk += open[nextOpen].value
                nextOpen += 1
            }
            hazards[index] = atRisk > 0 ? min(1, Double(share) / Double(atRisk)) : 0
        }
        delays = paid.map(\.key)
        self.hazards = hazards
        self.sample = sample
    }

    /// A share of an invoice, `part` of `whole` (whole > 0), in units of 2⁻³² rounded to the nearest: shares are
    /// summed and taken away again exactly, as integers.
    static func share(_ part: Int64, of whole: Int64) -> Int64 {
        Int64((Int128(part) << 32 + Int128(whole) / 2) / Int128(whole))
    }

    /// For an invoice not paid through `lateness` days after its due date: hands `body` the chance of its payment on
    /// each later delay through `last`, in delay order (delays at which the cohort paid nothing are not among them).
    func forEachChance(after lateness: Int, through last: Int, _ body: (_ delay: Int, _ chance: Double) -> Void) {
        var surviving = 1.0
        var index = delays.partitioningIndex { $0 > lateness }
        while index < delays.count && delays[index] <= last {
            body(delays[index], surviving * hazards[index])
            surviving *= 1 - hazards[index]
            index += 1
        }
    }
}
