/// The PC/SC "multi-string": names separated by NUL and ended by an empty name.
enum MultiString {
    static func split(_ buffer: [CChar]) -> [String] {
        var names: [String] = []
        var current: [UInt8] = []
        for char in buffer {
            if char == 0 {
                if current.isEmpty { break }
                names.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(UInt8(bitPattern: char))
            }
        }
        if !current.isEmpty { names.append(String(decoding: current, as: UTF8.self)) }
        return names
    }
}
