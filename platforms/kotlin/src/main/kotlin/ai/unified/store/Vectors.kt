// Hand-written (the rest of the library is generated): vectors to and from the bytes they
// cross the binding as. A `Vector` is its little-endian 32-bit floats, one copy of bytes
// through UniFFI instead of a list lowered element by element.
@file:JvmName("Vectors")

package ai.unified.store

import java.nio.ByteBuffer
import java.nio.ByteOrder

/** This vector as a `Vector`: its values as little-endian 32-bit floats, 4 bytes each. */
fun FloatArray.toVectorBytes(): ByteArray {
    val bytes = ByteArray(size * Float.SIZE_BYTES)
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(this)
    return bytes
}

/**
 * The values of a `Vector` (little-endian 32-bit floats), as the store returns them in an
 * `Embedding`. Throws [IllegalArgumentException] for bytes that are not whole floats.
 */
fun ByteArray.toFloatArray(): FloatArray {
    require(size % Float.SIZE_BYTES == 0) { "a vector's bytes come in fours (32-bit floats); these are $size" }
    val floats = FloatArray(size / Float.SIZE_BYTES)
    ByteBuffer.wrap(this).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats)
    return floats
}
