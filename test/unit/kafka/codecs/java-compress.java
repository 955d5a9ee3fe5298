// Regenerates the fixtures in java-fixtures.ts: compresses a file the way Kafka's Java client compresses
// a batch's records (Compression.wrapForOutput, message format v2) and prints one base64 line per codec.
// Run: java -cp '.cache/kafka/4.3.1/lib/*' test/unit/kafka/codecs/java-compress.java <records-body-file> [repeat]
// (repeat: compress the file's content that many times over, for a large input).
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

public class JavaCompress {
  public static void main(String[] args) throws Exception {
    byte[] input = Files.readAllBytes(Path.of(args[0]));
    int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    for (String codec : new String[] {"gzip", "snappy", "lz4", "zstd"}) {
      ByteBufferOutputStream buffer = new ByteBufferOutputStream(1024);
      try (OutputStream out = Compression.of(codec).build().wrapForOutput(buffer, (byte) 2)) {
        for (int i = 0; i < repeat; i++) out.write(input);
      }
      ByteBuffer bytes = buffer.buffer().flip();
      byte[] compressed = new byte[bytes.remaining()];
      bytes.get(compressed);
      System.out.println(codec + " " + Base64.getEncoder().encodeToString(compressed));
    }
  }
}
