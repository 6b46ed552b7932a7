import Foundation
public import Receivables

/// A run's figures for monitoring, rendered in Prometheus' text exposition format (node_exporter's textfile
/// collector reads it). Counts and sums only: no names, references or accounts, so the file may be readable by all.
public struct RunMetrics: Sendable {
    /// The `creditor` label of every sample: the config's name (the systemd instance).
    public var creditor: String
    /// When the run finished, in seconds since 1970.
    public var finishedAt: Int64
    public var exitCode: Int32
    public var runSeconds: Double
    /// Each stage's wall time, in the order run.
    public var stageSeconds: [(stage: String, seconds: Double)] = []
    /// The run's input files by disposition (posted, re-delivered, conflict, quarantined).
    public var files: [String: Int] = [:]
    /// The ledger's payments by status.
    public var payments: [String: Int] = [:]
    /// Payments with money the accountant must place, and that money by currency.
    public var paymentsToDecide = 0
    public var moneyToDecide: [Currency: Int64] = [:]
    public var remindersIssued = 0
    public var transfersIssued = 0
    /// Files not yet delivered, by destination and status (pending, failed).
    public var deliveriesWaiting: [String: [String: Int]] = [:]
    /// What waits for a person (as `saatava status` lists it), by kind: every kind, 0 when none waits.
    public var waiting: [String: Int] = [:]

    /// Figures for a run of `creditor` that finished at `finishedAt` with `exitCode` after `runSeconds`.
    public init(creditor: String, finishedAt: Int64, exitCode: Int32, runSeconds: Double) {
        self.creditor = creditor
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.runSeconds = runSeconds
    }

    /// The dispositions a file can have: each is written, 0 when no file had it, so that an alert sees it.
    static let dispositions = ["posted", "re-delivered", "conflict", "quarantined"]

    /// The figures as a Prometheus text file: every family a gauge, every sample labelled with the creditor.
    public var text: String {
        var lines: [String] = []
        func family(_ name: String, _ help: String, _ samples: [(labels: [(String, String)], value: String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) gauge")
            for sample in samples {
                let labels = ([("creditor", creditor)] + sample.labels).map { "\($0.0)=\"\(Self.escaped($0.1))\"" }
                lines.append("\(name){\(labels.joined(separator: ","))} \(sample.value)")
            }
        }
        family("saatava_last_success_timestamp_seconds", "When the last finished run ended (Unix time).", [([], "\(finishedAt)")])
        family("saatava_last_run_exit_code",
               "The last finished run's exit code (0 ok, 64 a destination refused, 65 a person must look, 75 try again).",
               [([], "\(exitCode)")])
        family("saatava_run_duration_seconds", "The last finished run's wall time.", [([], Self.seconds(runSeconds))])
        family("saatava_stage_duration_seconds", "The last finished run's wall time per stage.",
               stageSeconds.map { ([("stage", $0.stage)], Self.seconds($0.seconds)) })
        family("saatava_files", "The last finished run's input files by disposition.",
               Self.dispositions.map { ([("disposition", $0)], "\(files[$0] ?? 0)") })
        family("saatava_payments", "The ledger's payments by status.",
               payments.keys.sorted().map { ([("status", $0)], "\(payments[$0]!)") })
        family("saatava_payments_to_decide", "Payments with money the accountant must place.", [([], "\(paymentsToDecide)")])
        family("saatava_money_to_decide", "Money the accountant must place, by currency (in the currency's units).",
               moneyToDecide.keys.sorted { $0.code < $1.code }.map { currency in
                   ([("currency", currency.code)], Amount(minorUnits: moneyToDecide[currency]!, currency: currency).decimalString)
               })
        family("saatava_reminders_issued", "Reminders the last finished run issued.", [([], "\(remindersIssued)")])
        family("saatava_transfers_issued", "Invoices the last finished run transferred to collection.", [([], "\(transfersIssued)")])
        family("saatava_deliveries_waiting", "Files not yet delivered, by destination and status.",
               deliveriesWaiting.keys.sorted().flatMap { destination in
                   deliveriesWaiting[destination]!.keys.sorted().map { status in
                       ([("destination", destination), ("status", status)], "\(deliveriesWaiting[destination]![status]!)")
                   }
               })
        family("saatava_waiting", "What waits for a person, by kind (as saatava status lists it; 0 when nothing does).",
               waiting.keys.sorted().map { ([("kind", $0)], "\(waiting[$0]!)") })
        return lines.joined(separator: "\n") + "\n"
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    /// A label value as the format wants it: backslash, double quote and line feed escaped.
    private static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
