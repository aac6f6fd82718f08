/**
 * Reset links that end (migrations/0008_auth_rate_limit_and_reset_links.sql; SPEC R-S4):
 * only the newest link of a person is kept, and a password change or a live session's
 * end removes them all, whichever program writes the rows.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing/index.ts";

let database: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

let counter = 0;

async function createPerson(): Promise<string> {
  const id = `person-${++counter}`;
  await client.query(
    `insert into "user" (id, name, email) values ($1, 'A', $1 || '@example.test');
     insert into account (id, account_id, provider_id, user_id, password)
       values ($1, $1, 'credential', $1, 'hash-1');`.replaceAll("$1", `'${id}'`),
  );
  return id;
}

async function askForLink(person: string, identifier = `reset-password:${++counter}`) {
  await client.query(
    `insert into verification (id, identifier, value, expires_at)
     values ($1, $2, $3, now() + interval '1 hour')`,
    [`link-${++counter}`, identifier, person],
  );
  return identifier;
}

async function linksOf(person: string): Promise<string[]> {
  const { rows } = await client.query(
    "select identifier from verification where value = $1 order by identifier",
    [person],
  );
  return rows.map((row) => row.identifier);
}

async function startSession(person: string, expiresIn = "7 days"): Promise<string> {
  const id = `session-${++counter}`;
  await client.query(
    `insert into session (id, token, user_id, expires_at) values ($1, $1, $2, now() + $3::interval)`,
    [id, person, expiresIn],
  );
  return id;
}

describe("reset links", () => {
  it("keep only the newest link of a person, and leave other people's alone", async () => {
    const [ada, grace] = [await createPerson(), await createPerson()];
    await askForLink(ada);
    const graceLink = await askForLink(grace);
    const newest = await askForLink(ada);
    expect(await linksOf(ada)).toEqual([newest]);
    expect(await linksOf(grace)).toEqual([graceLink]);
  });

  it("keep other kinds of verification rows", async () => {
    const ada = await createPerson();
    const other = await askForLink(ada, `email-verification:${++counter}`);
    const link = await askForLink(ada);
    expect(await linksOf(ada)).toEqual([other, link].sort());
  });

  it("end when the password changes, and not when anything else in the account does", async () => {
    const ada = await createPerson();
    const link = await askForLink(ada);
    await client.query("update account set updated_at = now() where user_id = $1", [ada]);
    expect(await linksOf(ada)).toEqual([link]);
    await client.query("update account set password = 'hash-2' where user_id = $1", [ada]);
    expect(await linksOf(ada)).toEqual([]);
  });

  it("end when a live session ends, not when an expired one is cleaned up", async () => {
    const ada = await createPerson();
    const expired = await startSession(ada, "-1 minute");
    const live = await startSession(ada);
    const link = await askForLink(ada);
    await client.query("delete from session where id = $1", [expired]);
    expect(await linksOf(ada)).toEqual([link]);
    await client.query("delete from session where id = $1", [live]);
    expect(await linksOf(ada)).toEqual([]);
  });
});
