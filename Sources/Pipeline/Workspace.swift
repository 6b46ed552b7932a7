import Foundation
public import Ledger
public import Receivables
import SystemIO

/// A config's working directory as the commands use it: its ledger, opened for reading or under the run lock.
public enum Workspace {
    /// Opens the ledger of a config's working directory to read it, knowing the config's creditor (whose own invoices
    /// insight counts); never creates the directory or the ledger.
    public static func ledger(config: RunConfig) throws(DailyRun.RunError) -> Ledger {
        try openLedger(WorkFolders(root: config.workdir), config: config, creating: false, initialize: false)
    }

    /// Records an accountant's decision on a payment under the run lock, so that a run cannot undo it unseen.
    /// - Parameter amount: The payment's amount as the accountant's list shows it, if given: it tells a receipt and
    ///   its reversal under one archive id apart, and a payment of another amount is refused.
    /// - Throws: `DailyRun.RunError`: busy, no ledger, a fault, or `refused` with the ledger's reason.
    public static func decide(
        _ decision: Decision, payment archiveId: String, amount: String?, note: String?, config: RunConfig
    ) throws {
        let folders = WorkFolders(root: config.workdir)
        try holdingTheLock(folders, holder: "saatava resolve") {
            let ledger = try openLedger(folders, config: config, creating: false, initialize: false)
            do {
                try ledger.decide(decision, payment: archiveId, note: note, source: "saatava resolve", run: nil,
                                  listed: amount.map { ListedPayment(amount: $0, unapplied: nil) })
            } catch let refused as DecisionError {
                throw DailyRun.RunError(kind: .refused, description: refused.description)
            } catch let fault as LedgerError {
                throw DailyRun.RunError(kind: .ioError, description: "the ledger: \(fault)")
            }
        }
    }

    /// Records a hold (`saatava hold add`) under the run lock, so that a run cannot miss it or undo it unseen.
    /// - Returns: The hold as the `holds` view shows it.
    /// - Throws: `DailyRun.RunError`: busy, no ledger, a fault, or `refused` with the ledger's reason.
    public static func addHold(_ request: HoldRequest, config: RunConfig) throws -> HoldView {
        try changingHolds(config: config) { ledger in try ledger.addHold(request, source: "saatava hold", run: nil) }
    }

    /// Releases an active hold (`saatava hold release`) under the run lock.
    /// - Parameters:
    ///   - id: The hold's id in the `holds` view.
    ///   - note: Why, kept in the audit trail.
    ///   - clock: Now, for the hold's `released_at`.
    /// - Returns: The hold as it is now.
    /// - Throws: `DailyRun.RunError`: busy, no ledger, a fault, or `refused` (no such hold, or not active).
    public static func releaseHold(
        _ id: Int64, note: String?, config: RunConfig, clock: any RunClock = SystemClock()
    ) throws -> HoldView {
        try changingHolds(config: config) { ledger in
            try ledger.releaseHold(id, note: note, at: clock.timestamp, source: "saatava hold", run: nil)
        }
    }

    /// Runs a change of holds on the working directory's ledger under the run lock, its refusals told from faults.
    private static func changingHolds(config: RunConfig, _ change: (Ledger) throws -> HoldView) throws -> HoldView {
        let folders = WorkFolders(root: config.workdir)
        return try holdingTheLock(folders, holder: "saatava hold") {
            let ledger = try openLedger(folders, config: config, creating: false, initialize: false)
            do {
                return try change(ledger)
            } catch let refused as HoldError {
                throw DailyRun.RunError(kind: .refused, description: refused.description)
            } catch let fault as LedgerError {
                throw DailyRun.RunError(kind: .ioError, description: "the ledger: \(fault)")
            }
        }
    }

    /// Runs `body` holding the working directory's run lock (docs/design.md, "Invariants": one writer).
    static func holdingTheLock<T>(_ folders: WorkFolders, holder: String, _ body: () throws -> T) throws -> T {
        let lock: RunLock
        do {
            try WorkFolders.makeFolder(folders.state)
            lock = try RunLock(path: folders.lock,
                               holder: "\(holder): pid \(CurrentProcess.id) on \(ProcessInfo.processInfo.hostName)")
        } catch let busy as RunLock.Busy {
            throw DailyRun.RunError(kind: .busy, description: busy.description)
        } catch {
            throw DailyRun.RunError(
                kind: .cannotCreate, description: "cannot take the run lock: \(DailyRun.described(error))")
        }
        let result = try body()
        lock.release()
        return result
    }

    /// Opens the working directory's ledger. A missing ledger is created (mode 0640, with the folders) only when
    /// `creating`, and then only where the directory has no history (archive/ or outbox/ hold nothing) or
    /// `initialize` says a new ledger is wanted: a ledger lost beside its history is never silently replaced. The
    /// ledger knows the config's journal accounts and creditor.
    static func openLedger(_ folders: WorkFolders, config: RunConfig, creating: Bool, initialize: Bool)
        throws(DailyRun.RunError) -> Ledger
    {
        let path = folders.ledger
        if creating {
            do {
                try folders.create()
            } catch {
                throw DailyRun.RunError(kind: .cannotCreate, description:
                    "\(folders.root): cannot create the working folders: \(DailyRun.described(error))")
            }
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard creating else {
                throw DailyRun.RunError(kind: .noInput, description: "\(path): there is no ledger (saatava run creates it)")
            }
            let history = [folders.root + "/archive", folders.root + "/outbox"].filter {
                !((try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? []).isEmpty
            }
            guard history.isEmpty || initialize else {
                throw DailyRun.RunError(kind: .noInput, description: "\(path): the ledger is missing, but "
                    + history.joined(separator: " and ") + " hold(s) earlier runs' files. Restore the ledger from a backup, "
                    + "or start a new one with 'saatava run --init'")
            }
            do throws(SystemError) {
                try createPrivateFile(path)
            } catch {
                throw DailyRun.RunError(kind: .cannotCreate, description: "\(path): cannot create the ledger: \(error.errno)")
            }
        }
        do {
            let ledger = try Ledger(path: path, creating: false)
            ledger.journalAccounts = config.journal
            ledger.creditorBusinessId = config.creditor?.businessId
            return ledger
        } catch {
            throw DailyRun.RunError(kind: .ioError, description: "\(error)")
        }
    }

}
