import { Form, Link, useSearchParams } from '@remix-run/react';
import { can, memberName } from '../../lib/projects-shared';
import type { Invite, Member, Project } from '../../lib/types';

const roleOptions = ['editor', 'commenter', 'viewer'] as const;

function RoleSelect({ id, defaultValue, label }: { id: string; defaultValue: string; label: string }) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} name="role" defaultValue={defaultValue} className="input w-auto py-1 text-sm">
        {roleOptions.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
    </>
  );
}

/** One member: their role (a select for the owner), remove, transfer; "you" for oneself. */
function MemberRow({ member, owner, isMe }: { member: Member; owner: boolean; isMe: boolean }) {
  const name = memberName(member);
  return (
    <li className="flex flex-wrap items-center gap-2 py-2" data-member={member.userId}>
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium">
          {name}
          {isMe ? <span className="ml-1 text-slate-500">(you)</span> : null}
        </p>
        <p className="truncate text-xs text-slate-500">{member.email}</p>
      </div>
      {owner && member.role !== 'owner' ? (
        <>
          <Form method="post" className="flex items-center gap-1">
            <input type="hidden" name="intent" value="change-role" />
            <input type="hidden" name="userId" value={member.userId} />
            <RoleSelect id={`role-${member.userId}`} defaultValue={member.role} label={`Role of ${name}`} />
            <button type="submit" className="btn text-sm" aria-label={`Change role of ${name}`}>
              Change
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="transfer" />
            <input type="hidden" name="userId" value={member.userId} />
            <button type="submit" className="btn text-sm" aria-label={`Make ${name} the owner`}>
              Make owner
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="remove-member" />
            <input type="hidden" name="userId" value={member.userId} />
            <button type="submit" className="btn btn-danger text-sm" aria-label={`Remove ${name}`}>
              Remove
            </button>
          </Form>
        </>
      ) : (
        <span className="chip" data-testid="member-role">
          {member.role}
        </span>
      )}
    </li>
  );
}

function InviteLinks({
  invites,
  origin,
  created,
}: {
  invites: Invite[];
  origin: string;
  created?: { token: string; role: string; expiresAt: string; maxUses: number | null };
}) {
  const live = invites.filter((i) => !i.revokedAt && new Date(i.expiresAt) > new Date());
  return (
    <section aria-labelledby="invites-title" className="space-y-2">
      <h3 id="invites-title" className="font-semibold">
        Invite links
      </h3>
      {created ? (
        <div className="rounded-md border border-emerald-200 bg-emerald-50 p-2 text-sm" role="status">
          <p>
            New {created.maxUses === 1 ? 'single-use ' : ''}link for a {created.role}, valid until{' '}
            {new Date(created.expiresAt).toUTCString()}. It is shown only now: copy it.
          </p>
          <label htmlFor="new-invite-link" className="sr-only">
            Invite link
          </label>
          <input
            id="new-invite-link"
            readOnly
            className="input mt-1 font-mono text-xs"
            value={`${origin}/invites/${created.token}`}
            data-testid="invite-link"
          />
        </div>
      ) : null}
      <Form method="post" className="flex flex-wrap items-end gap-2" aria-label="Create an invite link">
        <input type="hidden" name="intent" value="create-invite" />
        <RoleSelect id="invite-role" defaultValue="viewer" label="Role for the link" />
        <label htmlFor="invite-expiry" className="sr-only">
          Valid for
        </label>
        <select id="invite-expiry" name="expiresInHours" defaultValue="168" className="input w-auto py-1 text-sm">
          <option value="1">1 hour</option>
          <option value="24">1 day</option>
          <option value="168">7 days</option>
          <option value="720">30 days</option>
        </select>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" name="singleUse" defaultChecked /> Single use
        </label>
        <button type="submit" className="btn text-sm">
          Create link
        </button>
      </Form>
      {live.length > 0 ? (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Active invite links">
          {live.map((invite) => (
            <li key={invite.id} className="flex items-center gap-2 py-1">
              <span className="flex-1">
                {invite.role}, {invite.maxUses === 1 ? 'single use' : 'reusable'}, used {invite.uses}×, until{' '}
                {new Date(invite.expiresAt).toUTCString()}
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke-invite" />
                <input type="hidden" name="inviteId" value={invite.id} />
                <button type="submit" className="btn text-sm">
                  Revoke
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No active links.</p>
      )}
    </section>
  );
}

/**
 * Who has the project and with which role, for every member to see; the
 * owner invites by email or link, changes roles, removes, transfers. Shown
 * over the project page at ?share=1, so it works as plain links and forms.
 */
export function ShareDialog({
  project,
  members,
  invites,
  userId,
  origin,
  result,
}: {
  project: Project;
  members: Member[];
  invites: Invite[];
  userId: string;
  origin: string;
  result?: {
    errors?: Record<string, string>;
    invite?: { token: string; role: string; expiresAt: string; maxUses: number | null };
  };
}) {
  const [params] = useSearchParams();
  const close = new URLSearchParams(params);
  close.delete('share');
  const owner = can.manage(project.role);
  const error = result?.errors ? Object.values(result.errors).join('; ') : undefined;
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-slate-900/40 p-4">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="share-title"
        className="w-full max-w-xl space-y-4 rounded-lg bg-white p-4 shadow-xl"
      >
        <div className="flex items-center justify-between">
          <h2 id="share-title" className="text-lg font-semibold">
            Share “{project.name}”
          </h2>
          <Link to={`?${close}`} className="btn" preventScrollReset>
            Close
          </Link>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        {owner ? (
          <Form method="post" className="flex flex-wrap items-end gap-2" aria-label="Share by email">
            <input type="hidden" name="intent" value="add-member" />
            <div className="min-w-0 flex-1">
              <label htmlFor="invite-email" className="label">
                Invite by email
              </label>
              <input id="invite-email" name="email" type="email" required className="input" />
            </div>
            <RoleSelect id="invite-email-role" defaultValue="editor" label="Role" />
            <button type="submit" className="btn btn-primary">
              Invite
            </button>
          </Form>
        ) : null}
        <section aria-labelledby="members-title">
          <h3 id="members-title" className="font-semibold">
            Members
          </h3>
          <ul className="divide-y divide-slate-100" aria-label="Members">
            {members.map((member) => (
              <MemberRow key={member.userId} member={member} owner={owner} isMe={member.userId === userId} />
            ))}
          </ul>
        </section>
        {owner ? <InviteLinks invites={invites} origin={origin} created={result?.invite} /> : null}
        {!owner && project.role ? (
          <Form method="post">
            <button type="submit" name="intent" value="leave" className="btn btn-danger">
              Leave project
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
