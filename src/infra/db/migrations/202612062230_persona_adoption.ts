import { sql, type Kysely } from 'kysely';

/**
 * Every `persona_id` a stored post carries has a persona record (SPEC §7: the metrics engine's
 * persona_ids become personas, migrated rather than duplicated). 202612061900_content adopted
 * those present then; `GET /api/personas` adopted later ones on read, so a read wrote. Now the
 * store adopts them where they appear: a statement-level trigger after every insert into `posts`
 * (whatever inserts: the metrics collector, the content engine's publishing, a client) adds the
 * records missing for the batch's persona_ids, the account being the one with most of the
 * batch's posts of it, in the same transaction as the posts. Existing records are never changed.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function adopt_post_personas() returns trigger language plpgsql as $$
    begin
      insert into personas (id, account_id, name)
      select distinct on (persona_id) persona_id, account_id, persona_id
      from (
        select persona_id, account_id, count(*) as n from new_posts
        where not exists (select 1 from personas where personas.id = new_posts.persona_id)
        group by persona_id, account_id
      ) as counted
      order by persona_id, n desc, account_id
      on conflict (id) do nothing;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger posts_adopt_personas after insert on posts
    referencing new table as new_posts
    for each statement execute function adopt_post_personas()`.execute(db);
  // posts stored between 202612061900 and now whose persona_id has no record yet
  await sql`
    insert into personas (id, account_id, name)
    select distinct on (persona_id) persona_id, account_id, persona_id
    from (
      select persona_id, account_id, count(*) as n from posts
      where persona_id not in (select id from personas)
      group by persona_id, account_id
    ) as counted
    order by persona_id, n desc, account_id
    on conflict (id) do nothing`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger posts_adopt_personas on posts`.execute(db);
  await sql`drop function adopt_post_personas()`.execute(db);
}
