// Hand-written, not generated (scripts/bindings leaves it alone): vectors to and from the
// bytes they cross the binding as. A `Vector` is `Data` holding little-endian 32-bit floats,
// one copy of bytes through UniFFI instead of a list lowered element by element.
import Foundation

extension Array where Element == Float {
    /// This vector as a `Vector`: its values as little-endian 32-bit floats, 4 bytes each.
    public var vectorBytes: Data {
        #if _endian(little)
        return withUnsafeBufferPointer { Data(buffer: $0) }
        #else
        return map { $0.bitPattern.littleEndian }.withUnsafeBufferPointer { Data(buffer: $0) }
        #endif
    }
}

extension Data {
    /// The values of a `Vector` (little-endian 32-bit floats), as the store returns them in an
    /// `Embedding`. Bytes past the last whole float (there are none in a stored vector) are
    /// left out.
    public var floats: [Float] {
        var values = [Float](repeating: 0, count: count / MemoryLayout<Float>.size)
        _ = values.withUnsafeMutableBufferPointer { copyBytes(to: $0) }
        #if _endian(little)
        return values
        #else
        return values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
    }
}
