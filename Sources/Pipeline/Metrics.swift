import Foundation
import Ledger
import Receivables
import Reports
import SystemIO

/// After a finished run: its figures for monitoring in state/saatava.prom and, when the config names one, in
/// `metricsFile` (for node_exporter's textfile collector, readable by all: counts and sums only). A metrics file that
/// cannot be written is a warning, not a failure of the run, whose books are already kept.
enum Metrics {
    static func write(
        _ summary: DailyRun.Summary, runSeconds: Double, ledger: Ledger, folders: WorkFolders, config: RunConfig, clock: any RunClock,
        report: (ProgressLine) -> Void
    ) {
        let finishedAt = Timestamps.seconds(clock.timestamp) ?? 0
        var metrics = RunMetrics(creditor: config.name, finishedAt: finishedAt, exitCode: summary.exitCode, runSeconds: runSeconds)
        metrics.stageSeconds = summary.seconds
        for file in summary.files { metrics.files[file.disposition, default: 0] += 1 }
        metrics.paymentsToDecide = summary.paymentsToDecide
        for amounts in summary.unappliedByReason.values {
            for (currency, amount) in amounts { metrics.moneyToDecide[currency] = addingSaturated(metrics.moneyToDecide[currency] ?? 0, amount) }
        }
        metrics.remindersIssued = summary.dunning.reminders
        metrics.transfersIssued = summary.dunning.transfers
        do {
            metrics.payments = try ledger.paymentCounts()
            metrics.deliveriesWaiting = try ledger.waitingDeliveryCounts()
            metrics.waiting = Dictionary(uniqueKeysWithValues: Waiting.kinds.map { ($0, 0) })
            // The payments to decide as the write stage just read them, not read again.
            let runs = try ledger.lastRuns(limit: 1)
            for item in try Waiting.read(ledger: ledger, folders: folders, config: config, runs: runs,
                                         toDecide: (summary.paymentsToDecide, metrics.moneyToDecide), journalOfRun: runs.first?.id) {
                metrics.waiting[item.kind, default: 0] += item.count
            }
        } catch {
            report(ProgressLine(.warning, "metrics not written: \(DailyRun.described(error))"))
            return
        }
        let text = metrics.text
        for (path, mode) in [(folders.state + "/saatava.prom", UInt32(0o640))] + (config.metricsFile.map { [($0, UInt32(0o644))] } ?? []) {
            do {
                try AtomicFile.write(text, to: path, mode: mode)
            } catch {
                report(ProgressLine(.warning, "metrics not written to \(path): \(DailyRun.described(error))"))
            }
        }
    }
}
