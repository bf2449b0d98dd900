package org.alexnetstudio.train;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.alexnetstudio.data.AtomicFiles;

/**
 * NumPy's {@code .npz}: a zip of {@code KEY.npy} entries, as {@code np.savez} writes it. Keys follow
 * the book's {@code nn.Sequential} {@code state_dict} ({@code 0.weight}, {@code 0.bias}, ...), so
 * {@code net.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(f).items()})} works.
 */
public final class Npz {

    private Npz() {
    }

    /** Writes the network's {@code state_dict} (float32, PyTorch layouts) atomically. */
    public static void export(Network network, Path file) throws IOException {
        write(network.stateDict(), file);
    }

    /** Loads an {@code .npz} written by {@link #export} or by numpy from a PyTorch model. */
    public static void importInto(Network network, Path file) throws IOException {
        Map<String, Tensor> dict = read(file);
        try {
            network.loadStateDict(dict);
        } catch (IllegalArgumentException e) {
            throw new IOException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** One float32 .npy file (e.g. logits [N, classes]). */
    public static void writeNpy(float[][] rows, Path file) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] values = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, values, r * cols, cols);
        }
        byte[] bytes = Npy.write(Tensor.of(values, rows.length, cols));
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** One .npy file of any shape (float32 or int64), written atomically. */
    public static void writeNpy(Tensor array, Path file) throws IOException {
        byte[] bytes = Npy.write(array);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads one .npy file (float32/float64 arrive as float32, int32/int64 as int64). */
    public static Tensor readNpy(Path file) throws IOException {
        return Npy.read(java.nio.file.Files.readAllBytes(file), file.getFileName().toString());
    }

    /** Any tensors by name, atomically (also the GPU check's reference files). */
    public static void write(Map<String, Tensor> arrays, Path file) throws IOException {
        AtomicFiles.write(file, out -> writeEntries(arrays, "", out));
    }

    /** Adds {@code prefix + key + ".npy"} entries, uncompressed like {@code np.savez}. */
    static void writeEntries(Map<String, Tensor> arrays, String prefix, OutputStream raw) throws IOException {
        ZipOutputStream zip = raw instanceof ZipOutputStream z ? z : new ZipOutputStream(new BufferedOutputStream(raw));
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            putStored(zip, prefix + e.getKey() + ".npy", Npy.write(e.getValue()));
        }
        if (zip != raw) {
            zip.finish();
            zip.flush();
        }
    }

    static void putStored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Every {@code .npy} entry by key (entry name without {@code .npy}), in file order. */
    public static LinkedHashMap<String, Tensor> read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return readEntries(zip, "", file.getFileName().toString());
        } catch (ZipException e) {
            throw new IOException(file.getFileName() + ": not a readable .npz/zip file (" + e.getMessage() + ")", e);
        }
    }

    static LinkedHashMap<String, Tensor> readEntries(ZipFile zip, String prefix, String fileName) throws IOException {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            String name = e.getName();
            if (!name.startsWith(prefix) || !name.endsWith(".npy")) {
                continue;
            }
            String key = name.substring(prefix.length(), name.length() - 4);
            out.put(key, Npy.read(readVerified(zip, e, fileName), fileName + "/" + name));
        }
        return out;
    }

    /** An entry's bytes, checked against its CRC (stored entries are not checked by ZipFile). */
    static byte[] readVerified(ZipFile zip, ZipEntry e, String fileName) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = Npy.readAll(in);
        } catch (ZipException | java.io.EOFException ex) {
            throw new IOException(fileName + ": entry " + e.getName() + " is damaged (" + ex.getMessage() + ")", ex);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new IOException(fileName + ": entry " + e.getName() + " is damaged (checksum mismatch)");
        }
        return bytes;
    }
}
