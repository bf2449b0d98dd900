package org.alexnetstudio.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Java's file errors in words: {@code AccessDeniedException} says only the path, a decoder says
 * "Input length = 1". These turn them into one sentence that says what is wrong with the file.
 */
public final class FileErrors {

    private FileErrors() {
    }

    /**
     * Reads a text file the student named (a network as JSON, PyTorch code).
     *
     * @throws DataException when it does not exist, is a folder, cannot be read or is not UTF-8 text
     */
    public static String readUtf8(Path file) throws DataException {
        if (Files.isDirectory(file)) {
            throw new DataException(file, "file.isFolder", file);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw reading(file, e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(file, "file.notUtf8", file, firstBadByte(bytes));
        }
    }

    /** A failed read of {@code file}, in words. */
    public static DataException reading(Path file, IOException e) {
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            return new DataException(file, e, "file.missing", file);
        }
        return new DataException(file, e, "file.cannotRead", file, reason(e));
    }

    /** A failed write of {@code file}, in words. */
    public static DataException writing(Path file, IOException e) {
        if (Files.isDirectory(file)) {
            return new DataException(file, e, "file.isFolder", file);
        }
        return new DataException(file, e, "file.cannotWrite", file, reason(e));
    }

    /** Why an I/O operation failed, without repeating the path where Java only gives that. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return DataMessages.format("file.reason.denied");
        }
        if (e instanceof NoSuchFileException) {
            return DataMessages.format("file.reason.noFolder");
        }
        if (e instanceof FileSystemException f) {
            String r = f.getReason();
            if (r != null && !r.isBlank()) {
                return r;
            }
            return e.getClass().getSimpleName();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Offset of the first byte that is not valid UTF-8. */
    static int firstBadByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : bytes.length;
    }
}
