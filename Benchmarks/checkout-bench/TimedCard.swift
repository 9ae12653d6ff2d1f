import Foundation
import VirtualCard

/// Wraps a simulated card and adds up the time it spends answering commands: the card's own
/// part of each APDU round trip (its signature, its image write), counted in the floor.
final class TimedCard: CardApplication, @unchecked Sendable {
    let inner: any CardApplication
    private let lock = NSLock()
    private var spent: Duration = .zero
    private var commands = 0

    init(_ inner: any CardApplication) { self.inner = inner }

    var atr: [UInt8] { inner.atr }
    func powerOn() { inner.powerOn() }

    func process(_ command: [UInt8]) -> [UInt8] {
        let start = ContinuousClock.now
        let answer = inner.process(command)
        let elapsed = ContinuousClock.now - start
        lock.withLock {
            spent += elapsed
            commands += 1
        }
        return answer
    }

    /// Time spent and commands answered since the last call.
    func take() -> (spent: Duration, commands: Int) {
        lock.withLock {
            defer {
                spent = .zero
                commands = 0
            }
            return (spent, commands)
        }
    }
}
