// A first use of unified-store from a JVM app: open a store in a temporary directory, write a
// user, a workspace, a thread and a message, search for the message and print the hit.
// Exits non-zero when anything fails, so CI can run it (scripts/package-jvm).
package ai.unified.sample

import ai.unified.store.Store
import ai.unified.store.model.MessageRole
import ai.unified.store.model.NewUser
import ai.unified.store.model.NewWorkspace
import ai.unified.store.model.QuerySyntax
import ai.unified.store.model.SearchQuery
import ai.unified.store.model.StoreConfig
import java.nio.file.Files
import kotlin.system.exitProcess

/** Where the native library comes from: JNA's resource path inside the unified-store jar. */
private fun nativeLibrarySource(): String {
    val prefix = com.sun.jna.Platform.RESOURCE_PREFIX
    val name = System.mapLibraryName("unified_store_ffi")
    val url = Store::class.java.classLoader.getResource("$prefix/$name")
        ?: error("the unified-store jar has no $prefix/$name: it was not built for this platform")
    // Loading from a jar is the point of this sample; a library set by hand would hide a bad jar.
    check(url.protocol == "jar") { "$prefix/$name was found outside a jar: $url" }
    check(System.getProperty("jna.library.path") == null) { "jna.library.path is set; this sample must run without it" }
    return url.toString()
}

fun main() {
    val dir = Files.createTempDirectory("unified-store-sample")
    val failure = try {
        println("native library: ${nativeLibrarySource()}")
        Store.open(StoreConfig(path = dir.resolve("store.db").toString())).use { store ->
            val user = store.users().create(NewUser(email = "ada@example.com", displayName = "Ada"))
            val workspace = store.workspaces().create(NewWorkspace(name = "Research", ownerUserId = user.id))
            val thread = store.threads().create(workspace.id, "First steps")
            val message = store.messages().append(thread.id, MessageRole.USER, "How do I add unified-store to a JVM app?")

            val hits = store.messages().search(SearchQuery(text = "JVM", syntax = QuerySyntax.PLAIN))
            check(hits.map { it.message.id } == listOf(message.id)) { "expected one hit, message ${message.id}; got $hits" }
            println("hit: ${hits[0].snippet}")
            store.closeStore()
        }
        null
    } catch (e: Throwable) {
        e
    } finally {
        dir.toFile().deleteRecursively()
    }
    if (failure != null) {
        System.err.println("jvm-app failed: $failure")
        exitProcess(1)
    }
    println("jvm-app: ok")
}
