// Plain GraphQL over HTTP for the race's own requests (logins, checks, statement counts).

export const headers = (token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

/** Sends a JSON body; answers `data`, or throws with the errors. Also returns the raw text. */
export async function send(url: string, body: string, token?: string): Promise<{ data: any; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: headers(token), body });
  const text = await res.text();
  let parsed: { data?: any; errors?: unknown[] };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${url}: HTTP ${res.status}, not JSON: ${text.slice(0, 500)}`);
  }
  if (parsed.errors || res.status !== 200) throw new Error(`${url}: HTTP ${res.status}: ${JSON.stringify(parsed.errors ?? parsed).slice(0, 2000)}`);
  return { data: parsed.data, text };
}

export const query = async (url: string, q: string, token?: string) => (await send(url, JSON.stringify({ query: q }), token)).data;

export async function login(url: string, username: string, password: string): Promise<string> {
  const data = await query(url, `mutation { login(username: ${JSON.stringify(username)}, password: ${JSON.stringify(password)}) { token } }`);
  return data.login.token;
}
