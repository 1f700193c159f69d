import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  checkAnnotationKey,
  roleAnnotationKey,
} from '@prodready/plugin-readiness-common';

/**
 * Shown while nobody has answered anything for an entity: how to answer,
 * in the portal or with annotations in catalog-info.yaml.
 */
export function ReadinessEmptyState(props: {
  exampleCheckId: string;
  exampleRoleId: string;
  canAnswer: boolean;
}) {
  const { exampleCheckId, exampleRoleId, canAnswer } = props;
  const yaml = [
    'metadata:',
    '  annotations:',
    `    ${checkAnnotationKey(
      exampleCheckId,
    )}: 'met; date=2026-09-14; evidence=https://wiki.example.com/report'`,
    `    ${roleAnnotationKey(
      exampleRoleId,
    )}: 'user:default/jane.doe, group:default/sre'`,
  ].join('\n');
  return (
    <EmptyState
      missing="info"
      title="No readiness answers yet"
      description={
        canAnswer
          ? 'Answer the checks below in the portal, or add annotations to the catalog-info.yaml file of this entity.'
          : 'The owners of this entity answer the checks in the portal or with annotations in its catalog-info.yaml file.'
      }
      action={
        <Box maxWidth={760}>
          <Typography variant="body2" gutterBottom>
            An answer is a status (<code>met</code>, <code>partial</code>,{' '}
            <code>not-met</code> or <code>na</code>) followed by optional{' '}
            <code>date=</code>, <code>evidence=</code>, <code>reason=</code> and{' '}
            <code>note=</code> fields separated by <code>;</code>:
          </Typography>
          <CodeSnippet text={yaml} language="yaml" showCopyCodeButton />
        </Box>
      }
    />
  );
}
