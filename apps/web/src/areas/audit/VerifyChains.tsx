import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions } from 'antd';
import { AUDIT } from '../../labels';
import { ErrorState } from '../../shared/states';
import { formatBeijing } from '../table/time';
import { useVerifyChains, type ChainVerification } from './audit-api';

export function VerificationResult({ result }: { result: ChainVerification }) {
  return (
    <Alert
      role="status"
      type={result.ok ? 'success' : 'error'}
      showIcon
      title={`${AUDIT.verifyTitle}：${result.ok ? AUDIT.verifyOk : AUDIT.verifyBroken}`}
      description={
        <>
          <div>{result.summary}</div>
          <div>{AUDIT.verifyDetail(result.streamsChecked, result.eventsChecked, result.durationMs ?? 0)}</div>
          {result.firstBroken && (
            <Descriptions size="small" column={1} title={AUDIT.firstBroken} style={{ marginTop: 8 }}>
              <Descriptions.Item label="streamId">{result.firstBroken.streamId}</Descriptions.Item>
              <Descriptions.Item label="streamVersion">{result.firstBroken.streamVersion}</Descriptions.Item>
              <Descriptions.Item label={AUDIT.position}>{result.firstBroken.position ?? ''}</Descriptions.Item>
            </Descriptions>
          )}
          {result.checkedAt && <div>{formatBeijing(result.checkedAt)}</div>}
        </>
      }
    />
  );
}

/** 校验哈希链: every stream's chain in the reporting copy, the first broken link if any. */
export function VerifyChains() {
  const verify = useVerifyChains();
  return (
    <Card size="small" title={AUDIT.verifyTitle}>
      <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} style={{ marginBottom: 12 }}>
        {AUDIT.verify}
      </Button>
      {verify.data && <VerificationResult result={verify.data} />}
      {verify.isError && <ErrorState error={verify.error} />}
    </Card>
  );
}
