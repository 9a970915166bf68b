package io.turnstile.auth.adversarial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * Sends bytes no well-behaved HTTP client would (broken percent-encodings in the request line, NUL bytes,
 * huge headers) over a plain socket and reads the answer.
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/**
	 * @param head the request line and headers, without the blank line; {@code Connection: close} and
	 * {@code Content-Length} are added
	 */
	Response send(String head, byte[] body) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			String request = head + "\r\nHost: localhost:" + this.port + "\r\nConnection: close\r\n"
					+ ((body.length > 0) ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
			try {
				out.write(request.getBytes(StandardCharsets.ISO_8859_1));
				out.write(body);
				out.flush();
			}
			catch (SocketException ex) {
				// the server may answer and close before it has read everything: read what it said
			}
			return Response.parse(readAll(socket.getInputStream()));
		}
	}

	Response send(String head) throws IOException {
		return send(head, new byte[0]);
	}

	private static String readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				bytes.write(buffer, 0, n);
			}
		}
		catch (SocketException ex) {
			// connection reset after the answer
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	record Response(int status, String head, String body) {

		static Response parse(String raw) {
			if (!raw.startsWith("HTTP/1.1 ")) {
				throw new IllegalStateException("Not an HTTP answer: " + raw.substring(0, Math.min(raw.length(), 80)));
			}
			int end = raw.indexOf("\r\n\r\n");
			String head = (end >= 0) ? raw.substring(0, end) : raw;
			String body = (end >= 0) ? raw.substring(end + 4) : "";
			return new Response(Integer.parseInt(raw.substring(9, 12)), head, body);
		}

	}

}
