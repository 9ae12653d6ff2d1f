import Foundation
import Logging
import Synchronization

/// Puts a simulated card into a virtual reader of a real `pcscd`, through the
/// `vsmartcard-vpcd` driver.
///
/// ``insert()`` connects to the driver (retrying until `pcscd` listens) and serves the card's
/// APDUs on a thread of its own; ``remove()`` takes the card out. When `pcscd` restarts, or the
/// driver drops the connection, the inserted card reconnects by itself (after
/// ``absenceAfterDrop``), as a card left on a reader would be seen again.
/// ``pullDuringCommand(number:)`` takes the card out in the middle of a later command, for
/// tearing tests.
///
/// The host is the reader too: it answers the reader's own pseudo-APDUs (``ContactlessReader``:
/// the UID, and the LED and buzzer command, which it records in ``readerSignals``), and with
/// `shortAPDUsOnly` it refuses extended-length APDUs as a reader that carries short ones only.
public final class VirtualCardHost: Sendable {
    /// The vpcd driver's first port (reader `Virtual PCD 00 00`); the next reader uses the next port.
    public static let defaultPort: UInt16 = 35963
    /// How long the card stays away after the driver hung up on it. vpcd closes the card's
    /// connection when it cannot carry a command (one over 65,535 bytes) or when the card
    /// failed to answer, and `pcscd` learns the card is gone only when its presence poll (every
    /// 400 ms) finds no connection; its poll also accepts a waiting connection. A card back
    /// sooner is never seen to leave, so `pcscd` never powers it up again and keeps it unusable.
    /// Away for longer than a poll, it is seen to leave, then seen again at the next poll.
    public static let absenceAfterDrop: TimeInterval = 0.8

    private struct State {
        var inserted = false
        var socket: VPCDSocket?
        var generation = 0
        var commands = 0
        var pullAtCommand: Int?
        var connected = false
        var signals: [[UInt8]] = []
        var leds: UInt8 = 0
        var refusedExtended = 0
    }

    public let application: any CardApplication
    public let host: String
    public let port: UInt16
    /// True when the reader refuses extended-length APDUs (`6700`, unseen by the card).
    public let shortAPDUsOnly: Bool
    private let logger: Logger
    private let state = Mutex(State())

    /// - Parameters:
    ///   - shortAPDUsOnly: the reader carries short APDUs only and refuses extended ones.
    public init(
        application: any CardApplication, host: String = "127.0.0.1", port: UInt16 = defaultPort,
        shortAPDUsOnly: Bool = false, logger: Logger
    ) {
        self.application = application
        self.host = host
        self.port = port
        self.shortAPDUsOnly = shortAPDUsOnly
        self.logger = logger
    }

    deinit { remove() }

    /// True while the card is meant to be in the reader.
    public var isInserted: Bool { state.withLock { $0.inserted } }

    /// True while the driver is connected (the reader sees the card).
    public var isConnected: Bool { state.withLock { $0.connected } }

    /// How many command APDUs the reader has received since it was created (those it answers
    /// itself included).
    public var commandCount: Int { state.withLock { $0.commands } }

    /// The LED and buzzer commands (`FF 00 40 ...`) the reader received, in order.
    public var readerSignals: [[UInt8]] { state.withLock { $0.signals } }

    /// How many extended-length APDUs the reader refused (with `shortAPDUsOnly`).
    public var refusedExtendedCount: Int { state.withLock { $0.refusedExtended } }

    /// Puts the card in the reader. Returns at once; the connection is made in the background.
    public func insert() {
        let generation: Int? = state.withLock { state in
            guard !state.inserted else { return nil }
            state.inserted = true
            state.generation += 1
            return state.generation
        }
        guard let generation else { return }
        let thread = Thread { [self] in serve(generation: generation) }
        thread.name = "vicc:\(port)"
        thread.start()
    }

    /// Takes the card out of the reader (closes the connection to the driver).
    public func remove() {
        state.withLock { state in
            state.inserted = false
            state.generation += 1
            state.pullAtCommand = nil
            state.socket?.shutdown()
        }
    }

    /// Takes the card out when command number `number` (counted as ``commandCount`` counts,
    /// from 1) arrives, before answering it: the reader sees the card vanish mid-command.
    public func pullDuringCommand(number: Int) {
        state.withLock { $0.pullAtCommand = number }
    }

    private func isCurrent(_ generation: Int) -> Bool {
        state.withLock { $0.inserted && $0.generation == generation }
    }

    private func serve(generation: Int) {
        var warnedUnreachable = false
        while isCurrent(generation) {
            let socket: VPCDSocket
            do {
                socket = try VPCDSocket.connect(host: host, port: port)
            } catch {
                if !warnedUnreachable {
                    logger.info("waiting for the vpcd reader", metadata: ["port": "\(port)"])
                    warnedUnreachable = true
                }
                Thread.sleep(forTimeInterval: 0.05)
                continue
            }
            let adopted = state.withLock { state -> Bool in
                guard state.inserted && state.generation == generation else { return false }
                state.socket = socket
                state.connected = true
                return true
            }
            guard adopted else {
                socket.close()
                return
            }
            logger.debug("card in reader", metadata: ["port": "\(port)"])
            warnedUnreachable = false
            converse(over: socket, generation: generation)
            state.withLock { state in
                if state.generation == generation || !state.inserted {
                    state.socket = nil
                    state.connected = false
                }
            }
            socket.close()
            if isCurrent(generation) {
                logger.debug("the driver hung up; the card stays away for one presence poll", metadata: ["port": "\(port)"])
                Thread.sleep(forTimeInterval: Self.absenceAfterDrop)
            }
        }
    }

    /// The reader's own answer to an extended APDU it does not carry, or to its LED and buzzer
    /// command (recorded); nil for anything else.
    private func readerAnswer(_ command: [UInt8]) -> [UInt8]? {
        if shortAPDUsOnly, ContactlessReader.isExtended(command) {
            state.withLock { $0.refusedExtended += 1 }
            return CardStatus.wrongLength
        }
        guard ContactlessReader.isSignal(command) else { return nil }
        return state.withLock { state in
            state.signals.append(command)
            return ContactlessReader.answerSignal(command, leds: &state.leds)
        }
    }

    /// Answers the driver until it hangs up or the card is removed.
    private func converse(over socket: VPCDSocket, generation: Int) {
        while true {
            guard let payload = try? socket.receive() else { return }
            switch VPCDMessage(payload: payload) {
            case .powerOn, .reset:
                application.powerOn()
            case .powerOff, .unknownControl:
                break
            case .getATR:
                guard (try? socket.send(application.atr)) != nil else { return }
            case .apdu(let command):
                let pull = state.withLock { state -> Bool in
                    state.commands += 1
                    guard let at = state.pullAtCommand, state.commands >= at else { return false }
                    state.pullAtCommand = nil
                    state.inserted = false
                    state.generation += 1
                    return true
                }
                if pull {
                    logger.debug("card pulled during a command", metadata: ["port": "\(port)"])
                    return
                }
                let answer =
                    readerAnswer(command) ?? ContactlessReader.answer(command, uid: application.uid)
                    ?? application.process(command)
                guard (try? socket.send(answer)) != nil else { return }
            }
        }
    }
}
