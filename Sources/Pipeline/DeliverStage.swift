public import Delivery
import Foundation
import Ledger
public import Receivables
import SystemIO

/// Delivery (docs/delivery.md): after dunning has written the day's reminders and collection files and recorded them
/// for their destinations with its steps (the reminders batch → `operator`, every file of collection/ → `agency`),
/// and before the report, which says what was delivered and what waits, everything not yet delivered (today's and
/// earlier failures) is uploaded over SFTP. A failure of a file or a destination is recorded and tried again by the
/// next run or `saatava deliver`; it does not stop the run, but sets its exit code (64 refused, 75 try later). A fault
/// of this machine stops the run, as faults do.
struct DeliverStage: RunStage {
    let name = "deliver"
    let changesMoreThanTheLedger = true

    func run(_ context: inout RunContext) throws {
        let deliverer = Deliverer(ledger: context.ledger, folders: context.folders, destinations: context.config.delivery,
                                  clock: context.clock, report: context.report)
        context.summary.delivery = try deliverer.deliverWaiting()
    }

    func counts(_ summary: DailyRun.Summary) -> String {
        "\(summary.delivery.delivered.count) file(s) delivered, \(summary.delivery.waiting.count) waiting"
    }
}

/// What delivery did: the files delivered, those still waiting (each with why), and the worst failure's kind.
public struct DeliverySummary: Sendable {
    /// `FILE → DESTINATION (REMOTE PATH)` for each file delivered now.
    public var delivered: [String] = []
    /// `FILE → DESTINATION: why` for each file not delivered yet.
    public var waiting: [String] = []
    /// The failure that decides the exit code: `configuration` (64) before `temporary` (75); nil when none.
    public var failure: DeliveryError.Kind?

    /// Whether a destination refused (unknown host key, refused login or folder): a config error (64).
    public var isRefused: Bool { failure == .configuration }
    /// Whether a server failed so that the next run or `saatava deliver` should try again (75).
    public var isToTryAgain: Bool { failure == .temporary }

    mutating func note(_ kind: DeliveryError.Kind) {
        if failure != .configuration { failure = kind }
    }
}

/// Records files for delivery and uploads those waiting, one destination at a time; the first failure of a
/// destination leaves its other files waiting until the next try (a server down is not asked again for each file).
struct Deliverer {
    let ledger: Ledger
    let folders: WorkFolders
    let destinations: [SFTPDestination]
    let clock: any RunClock
    let report: (ProgressLine) -> Void
    /// The sftp program (tests may put a wrapper in its place).
    var sftp = "sftp"
    /// How the error of a withheld delivery begins (`saatava status` tells those apart).
    static let withheld = "withheld: "

    /// The files of a day's outbox for each configured destination, to be recorded with what they carry.
    static func queue(outbox: String, folders: WorkFolders, destinations: [SFTPDestination]) throws
        -> [Ledger.QueuedDelivery]
    {
        var queued: [Ledger.QueuedDelivery] = []
        for destination in destinations {
            for path in files(for: destination.name, in: outbox) {
                let (size, sha256) = try SHA256.file(path)
                queued.append(Ledger.QueuedDelivery(
                    file: relative(path, to: folders), destination: destination.name, size: size, sha256: sha256))
            }
        }
        return queued
    }

    /// The files of a day's outbox that go to a destination, by name, but the agency's manifest last: it names the
    /// others, so it must not reach the agency before them (a server that fails midway leaves it waiting too).
    private static func files(for destination: String, in outbox: String) -> [String] {
        let manager = FileManager.default
        switch destination {
        case "operator":
            let batch = outbox + "/" + DunningStage.batchFile
            return manager.fileExists(atPath: batch) ? [batch] : []
        case "agency":
            let folder = outbox + "/collection"
            let names = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { name in
                var isFolder: ObjCBool = false
                return !name.hasPrefix(".") && !name.contains(".tmp") && !name.hasSuffix(".part")
                    && manager.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder) && !isFolder.boolValue
            }.sorted { ($0 == "manifest.json") == ($1 == "manifest.json") ? $0 < $1 : $1 == "manifest.json" }
                .map { folder + "/" + $0 }
        default:
            return []
        }
    }

    /// Uploads every file not yet delivered, oldest first, each as it was recorded (a file changed or gone since is
    /// not sent, and the rest of its destination waits with it). Before uploading, the remote folder is asked for a
    /// file under the final name: after an earlier upload that was begun (and did not finish as far as the ledger
    /// knows), one with the same size is recorded as delivered, not sent again; any other is never overwritten (one
    /// there before any upload of this file began is another's). A file that waited while the ledger learned that a
    /// reminder or transfer in it no longer holds (the invoice was paid since, or put on hold or in dispute) is not
    /// uploaded while that is so: it waits for a person, with the reason.
    /// - Throws: A fault of this machine, not of a file or a destination (the ledger; sftp's batch file cannot be
    ///   written in state/): the run stops there, and every file not yet delivered waits.
    func deliverWaiting() throws -> DeliverySummary {
        var summary = DeliverySummary()
        var blocked: [String: String] = [:]
        for row in try ledger.waitingDeliveries() {
            let line = "\(row.file) → \(row.destination)"
            guard let destination = destinations.first(where: { $0.name == row.destination }) else {
                summary.waiting.append("\(line): no '\(row.destination)' destination in the config's delivery")
                continue
            }
            if let reason = blocked[destination.name] {
                summary.waiting.append("\(line): not tried, \(reason)")
                continue
            }
            let client = SFTPClient(destination: destination, scratchFolder: folders.state, program: sftp)
            let remoteName = Self.remoteName(for: row.file)
            let local = folders.root + "/" + row.file
            let size: Int, sha256: String
            do {
                (size, sha256) = try SHA256.file(local)
            } catch {
                // A file that cannot be read is for a person to find; the files after it (a manifest naming it) wait.
                try ledger.recordDeliveryFailed(row.id, error: error.description)
                summary.note(.configuration)
                summary.waiting.append("\(line): \(error)")
                blocked[destination.name] = "a file before it cannot be read"
                report(ProgressLine(.error, "cannot deliver \(line): \(error)"))
                continue
            }
            do {
                if let recorded = row.recorded, recorded != (size, sha256) {
                    throw DeliveryError(kind: .configuration, description: "\(row.file) changed since it was recorded "
                        + "for delivery (\(recorded.size) bytes, SHA-256 \(recorded.sha256)): not sent; put it back as "
                        + "it was, or end its wait ('saatava deliver --drop')")
                }
                if let found = try client.remoteSize(of: remoteName) {
                    guard row.attempts > 0 else {
                        throw DeliveryError(kind: .configuration, description: "\(destination.name): "
                            + "\(destination.remotePath(remoteName)) is already there, and no upload of this file was "
                            + "begun: another file of that name, not overwritten")
                    }
                    guard found == size else {
                        throw DeliveryError(kind: .configuration, description: "\(destination.name): "
                            + "\(destination.remotePath(remoteName)) is already there with \(found) bytes, not \(size): "
                            + "not overwritten")
                    }
                    try ledger.recordDelivered(row.id, size: size, sha256: sha256,
                                               remotePath: destination.remotePath(remoteName), at: clock.timestamp)
                    summary.delivered.append("\(line) (\(destination.remotePath(remoteName)), found there)")
                    report(ProgressLine(.info, "\(line): already on the server from an earlier try; recorded, not sent again"))
                    continue
                }
                let overtaken = try ledger.stepsOvertaken(in: row)
                guard overtaken.isEmpty else {
                    let why = Self.withheld + "\(overtaken.joined(separator: "; ")); "
                        + "a person decides what of it to send by hand ('saatava deliver --drop' ends its wait)"
                    try ledger.recordDeliveryFailed(row.id, error: why)
                    summary.waiting.append("\(line): \(why)")
                    report(ProgressLine(.error, "not delivering \(line): \(why)"))
                    continue
                }
                try ledger.beginDeliveryAttempt(row.id)
                let remote = try client.upload(local, as: remoteName)
                try ledger.recordDelivered(row.id, size: size, sha256: sha256, remotePath: remote, at: clock.timestamp)
                summary.delivered.append("\(line) (\(remote))")
            } catch let failure as DeliveryError {
                try ledger.recordDeliveryFailed(row.id, error: failure.description)
                summary.note(failure.kind)
                summary.waiting.append("\(line): \(failure.description)")
                blocked[destination.name] = failure.kind == .temporary ? "the server failed: try again later"
                    : "\(row.file) before it was refused (see why)"
                report(ProgressLine(failure.kind == .temporary ? .warning : .error, "cannot deliver \(line): \(failure.description)"))
            }
        }
        return summary
    }

    /// The name a file has on the server: its day (and run-N of a later run that day) before its own name, so that
    /// each day's reminders batch and manifest arrive as a file of their own
    /// (`outbox/2026-05-04/collection/manifest.json` → `2026-05-04-manifest.json`).
    static func remoteName(for file: String) -> String {
        let parts = file.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "outbox" else { return parts.last ?? file }
        let run = parts[2].hasPrefix("run-") && parts.count >= 4 ? [parts[2]] : []
        return ([parts[1]] + run + [parts[parts.count - 1]]).joined(separator: "-")
    }

    private static func relative(_ path: String, to folders: WorkFolders) -> String {
        path.hasPrefix(folders.root + "/") ? String(path.dropFirst(folders.root.count + 1)) : path
    }
}

/// `saatava deliver`: uploads now, under the run lock, every file not yet delivered.
public enum Deliveries {
    /// Tries every waiting delivery once.
    /// - Parameters:
    ///   - sftp: The sftp program (tests may put a wrapper in its place).
    /// - Throws: `DailyRun.RunError`: busy, no ledger, a fault of the ledger or the file system.
    public static func deliver(
        config: RunConfig, clock: any RunClock = SystemClock(), sftp: String = "sftp", report: @escaping (ProgressLine) -> Void
    ) throws(DailyRun.RunError) -> DeliverySummary {
        let folders = WorkFolders(root: config.workdir)
        return try DailyRun.faultsNamed {
            try Workspace.holdingTheLock(folders, holder: "saatava deliver") {
                let ledger = try Workspace.openLedger(folders, config: config, creating: false, initialize: false)
                var deliverer = Deliverer(ledger: ledger, folders: folders, destinations: config.delivery, clock: clock,
                                          report: report)
                deliverer.sftp = sftp
                return try deliverer.deliverWaiting()
            }
        }
    }

    /// Ends a waiting file at a person's word (`saatava deliver --drop`), with the other files of its day's folder
    /// that wait for the same destination (`Ledger.dropDelivery`): never uploaded, no longer waiting.
    /// - Parameters:
    ///   - file: The file as `saatava ledger deliveries` names it (relative to the working directory; `./` before it,
    ///     or the working directory's own path, is taken off).
    ///   - reason: Why (e.g. sent by hand without a withdrawn reminder), kept with it and in the audit trail.
    /// - Returns: The deliveries ended, and the steps they held, which stay recorded as issued.
    /// - Throws: `DailyRun.RunError`: busy, no ledger, a fault, `noInput` when no delivery of the file is recorded,
    ///   or `refused` when none of them waits (delivered or dropped already).
    public static func drop(file: String, reason: String, config: RunConfig, clock: any RunClock = SystemClock())
        throws -> (dropped: [DroppedDelivery], steps: [String])
    {
        let folders = WorkFolders(root: config.workdir)
        var relative = file.hasPrefix(folders.root + "/") ? String(file.dropFirst(folders.root.count + 1)) : file
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        return try Workspace.holdingTheLock(folders, holder: "saatava deliver") {
            let ledger = try Workspace.openLedger(folders, config: config, creating: false, initialize: false)
            do {
                return try ledger.dropDelivery(
                    file: relative, reason: reason, at: clock.timestamp, source: "saatava deliver")
            } catch let refused as DeliveryRefusal {
                throw DailyRun.RunError(kind: refused.isUnknownFile ? .noInput : .refused,
                                        description: refused.description)
            } catch let fault as LedgerError {
                throw DailyRun.RunError(kind: .ioError, description: "the ledger: \(fault)")
            }
        }
    }
}
