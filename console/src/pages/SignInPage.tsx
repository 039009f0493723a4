// Sign-in where no proxy authenticates requests: a token (from Teleport, or `amctl token` on a
// demo gateway), or the one-time link a demo gateway prints at start-up.
import { useState } from 'react';
import { setToken } from '../api/session';

export function SignInPage({ reason, onSignedIn }: { reason?: string; onSignedIn(): void }) {
  const [token, setTokenText] = useState('');
  return (
    <main className="sign-in" id="main">
      <form
        className="card sign-in-card"
        onSubmit={(e) => {
          e.preventDefault();
          setToken(token.trim().replace(/^Bearer\s+/i, ''));
          onSignedIn();
        }}
      >
        <h1>Access Monitoring</h1>
        <p className="lead">Sign in to query the audit log, read security reports and manage detections.</p>
        {reason && (
          <p className="notice" role="alert">
            {reason}
          </p>
        )}
        <label htmlFor="token">Token</label>
        <textarea id="token" rows={5} value={token} onChange={(e) => setTokenText(e.target.value)} placeholder="eyJhbGciOi…" spellCheck={false} autoComplete="off" required />
        <button type="submit" className="button primary">
          Sign in
        </button>
        <div className="help">
          <p>
            Behind Teleport application access you are signed in automatically: the proxy sends <code>Teleport-Jwt-Assertion</code> with every request.
          </p>
          <p>
            On a demo gateway (<code>npm start</code>), open the sign-in link it printed at start-up, or paste the output of <code>./bin/amctl token --user you --roles auditor</code>.
          </p>
        </div>
      </form>
    </main>
  );
}
