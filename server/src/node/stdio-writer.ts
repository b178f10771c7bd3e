// Messages to the client over stdout, each in one piece, and the messages of one turn of the event loop in one system
// call. vscode-jsonrpc's stream writer writes the header, waits for that write to finish, then writes the body: two
// system calls per message, and a client that wakes up for the header and again for the body. A keystroke that
// changes the outcome sends a status notification and the diagnostics in one writev, then the log line, which the
// server sends on the next turn (after the answer): two writes instead of six (counted with strace).
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class FramedStreamWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;
  private corked = false;

  constructor(private readonly output: NodeJS.WritableStream & { cork(): void; uncork(): void }) {
    super();
    output.on('error', (error: Error) => this.fireError(error));
    output.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const json = JSON.stringify(message);
    const length = Buffer.byteLength(json, 'utf8'); // Content-Length counts bytes, not characters
    const header = `Content-Length: ${length}\r\n\r\n`;
    const frame = Buffer.allocUnsafe(header.length + length);
    frame.write(header, 0, 'ascii');
    frame.write(json, header.length, 'utf8');
    if (!this.corked) {
      // Held until the turn's other messages are written: corked writes leave together (writev) on uncork.
      this.corked = true;
      this.output.cork();
      setImmediate(() => {
        this.corked = false;
        this.output.uncork();
      });
    }
    return new Promise((resolve, reject) => {
      this.output.write(frame, (error?: Error | null) => {
        if (!error) return resolve();
        this.fireError(error, message, ++this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.output.end();
  }
}
