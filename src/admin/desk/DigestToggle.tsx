import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { refusalMessage } from './api';

/**
 * 邮件提醒: the staff member's own choice of the daily digest (每日待办邮件), kept on the reviewer
 * profile by /shenbao/preferences. Accounts without a profile receive no digest and see nothing.
 */
export default function DigestToggle() {
  const { get, post } = useFetchClient();
  const [digest, setDigest] = React.useState<boolean | null>(null);
  const [failure, setFailure] = React.useState<string | null>(null);
  React.useEffect(() => {
    get<{ data: { digest: boolean } }>('/shenbao/preferences')
      .then(({ data }) => setDigest(data.data.digest))
      .catch(() => setDigest(null));
  }, []);
  if (digest === null) return null;
  // The box follows the click at once, and goes back if the server did not keep the choice.
  const change = async (next: boolean) => {
    setFailure(null);
    setDigest(next);
    try {
      const { data } = await post<{ data: { digest: boolean } }>('/shenbao/preferences', { digest: next });
      setDigest(data.data.digest);
    } catch (error) {
      setDigest(!next);
      setFailure(refusalMessage(error, '设置未保存，请稍后重试'));
    }
  };
  return (
    <label style={{ fontSize: 14, display: 'flex', alignItems: 'center', gap: 4, marginRight: 8 }} title="每天上午把新到和超期的待办汇总发到您的邮箱">
      <input type="checkbox" checked={digest} onChange={(e) => change(e.target.checked)} data-testid="digest-toggle" />
      邮件提醒：接收每日待办邮件
      {failure && <span style={{ color: '#d02b20' }} data-testid="digest-error">{failure}</span>}
    </label>
  );
}
