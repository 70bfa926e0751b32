/**
 * One inspector, added or edited by hand. The fields are checked against the call's own schema and
 * like the importer checks a row (shared/sampling/reference/inspector-check.ts): every problem at
 * once, beside its field and listed above the buttons; warnings (an ID check digit, an odd phone)
 * ask for a second click.
 */
import {
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { type FormErrors, schemaResolver, useForm } from '@mantine/form';
import { useState } from 'react';
import { type InspectorInput, inspectorSchema } from '../../../../../shared/api/contracts/sampling.ts';
import { checkInspectorForm } from '../../../../../shared/sampling/reference/inspector-check.ts';
import {
  INSPECTOR_GENDERS,
  INSPECTOR_POST_CATEGORIES,
  INSPECTOR_QUALIFICATIONS,
} from '../../../../../shared/sampling/reference/inspector-fields.ts';
import { ApiError, api, errorMessage } from '../../../api.ts';
import { ErrorNote } from '../shared.tsx';
import { orNull, useSave } from './form-helpers.ts';
import { DateField } from '../../../components/DateField.tsx';

export const EMPTY_INSPECTOR: InspectorInput = {
  employeeNo: '',
  name: '',
  gender: null,
  idNumber: null,
  phone: null,
  unit: null,
  region: null,
  postCategory: null,
  qualifications: [],
  itemScope: [],
  expert: false,
  certNo: null,
  certExpiry: null,
  status: 'active',
};

const schemaErrors = schemaResolver(inspectorSchema, { sync: true });
const FIELD_ORDER: readonly string[] = Object.keys(inspectorSchema.shape);

/**
 * The contract's rules, and the importer's where it says more (an ID number or phone it would
 * refuse), one message per field.
 */
function validateInspector(values: InspectorInput): FormErrors {
  return { ...schemaErrors(values), ...checkInspectorForm(values).errors };
}

/** Listed above the buttons in the order the fields stand on screen. */
function errorsInFieldOrder(errors: FormErrors): string[] {
  const rank = (path: string) => {
    const i = FIELD_ORDER.indexOf(path.split('.')[0] ?? path);
    return i < 0 ? FIELD_ORDER.length : i;
  };
  return Object.entries(errors)
    .filter(([, m]) => Boolean(m))
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([, m]) => String(m));
}

export function InspectorForm({
  initial,
  isNew,
  version,
  onStale,
  onClose,
  onSaved,
}: {
  initial: InspectorInput;
  isNew: boolean;
  /** The version of the row the form was filled from (0: new); a save over a newer one is refused. */
  version: number;
  /** The save was refused because another officer saved this inspector since: the list reloads. */
  onStale: (message: string) => void;
  onClose: () => void;
  onSaved: () => void;
}) {
  const form = useForm<InspectorInput>({
    initialValues: initial,
    validate: validateInspector,
    // A warning confirmed for other values is not confirmed for these.
    onValuesChange: () => setWarned(false),
  });
  const [warnings, setWarnings] = useState<string[]>([]);
  /** The warnings were shown; the next click saves anyway. */
  const [warned, setWarned] = useState(false);
  const save = useSave();
  const v = form.values;
  const errors = form.errors;
  const errorList = errorsInFieldOrder(errors);

  async function submit() {
    const c = checkInspectorForm(v);
    setWarnings(Object.values(c.warnings));
    if (form.validate().hasErrors) return;
    if (Object.keys(c.warnings).length > 0 && !warned) {
      setWarned(true);
      return;
    }
    const input: InspectorInput = {
      ...v,
      employeeNo: v.employeeNo.trim(),
      name: v.name.trim(),
      gender: orNull(v.gender ?? ''),
      unit: orNull(v.unit ?? ''),
      postCategory: orNull(v.postCategory ?? ''),
      idNumber: c.idNumber,
      phone: c.phone,
      certNo: orNull(v.certNo ?? ''),
      certExpiry: orNull(v.certExpiry ?? ''),
    };
    let stale: string | null = null;
    const saved = await save.run(() =>
      api.call('sampling.inspectors.save', { ...input, expectedVersion: version }).catch((e: unknown) => {
        if (e instanceof ApiError && e.code === 'conflict') stale = errorMessage(e);
        throw e;
      }),
    );
    if (saved) onSaved();
    else if (stale !== null) onStale(stale);
  }
  const set = <K extends keyof InspectorInput>(k: K, x: InspectorInput[K]) => {
    const patch: Partial<InspectorInput> = {};
    patch[k] = x;
    form.setValues(patch);
  };

  return (
    <Modal opened onClose={onClose} title={isNew ? '添加检查人员' : '编辑检查人员'} size="lg">
      <Stack data-testid="inspector-form">
        <SimpleGrid cols={2}>
          <TextInput
            label="单位工号"
            withAsterisk
            disabled={!isNew}
            value={v.employeeNo}
            error={errors.employeeNo}
            onChange={(e) => set('employeeNo', e.currentTarget.value)}
          />
          <TextInput
            label="姓名"
            withAsterisk
            value={v.name}
            error={errors.name}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <Select
            label="性别"
            data={[...INSPECTOR_GENDERS]}
            value={v.gender ?? null}
            error={errors.gender}
            onChange={(x) => set('gender', x)}
            clearable
          />
          <TextInput
            label="身份证号"
            value={v.idNumber ?? ''}
            error={errors.idNumber}
            onChange={(e) => set('idNumber', e.currentTarget.value)}
          />
          <TextInput
            label="手机号"
            value={v.phone ?? ''}
            error={errors.phone}
            onChange={(e) => set('phone', e.currentTarget.value)}
          />
          <TextInput
            label="单位/科室"
            value={v.unit ?? ''}
            onChange={(e) => set('unit', e.currentTarget.value)}
          />
          <Autocomplete
            label="岗位类别"
            data={[...INSPECTOR_POST_CATEGORIES]}
            value={v.postCategory ?? ''}
            onChange={(x) => set('postCategory', x)}
          />
          <TagsInput
            label="专业资格"
            description="可选多项，也可输入后按回车"
            data={[...INSPECTOR_QUALIFICATIONS]}
            value={v.qualifications ?? []}
            onChange={(x) => set('qualifications', x)}
          />
          <TextInput
            label="执法证号"
            description="没有执法证的人员不参与抽取"
            value={v.certNo ?? ''}
            error={errors.certNo}
            onChange={(e) => set('certNo', e.currentTarget.value)}
          />
          <DateField
            label="执法证有效期"
            description="不填 = 长期有效"
            clearable
            value={v.certExpiry ?? ''}
            error={errors.certExpiry}
            onChange={(d) => set('certExpiry', d || null)}
            data-testid="inspector-cert-expiry"
          />
          <Select
            label="状态"
            data={[
              { value: 'active', label: '有效' },
              { value: 'inactive', label: '失效' },
            ]}
            value={v.status ?? 'active'}
            onChange={(x) => set('status', x === 'inactive' ? 'inactive' : 'active')}
            allowDeselect={false}
          />
          <Checkbox
            mt="lg"
            label="专家（协助检查，不计入每组人数）"
            checked={v.expert ?? false}
            onChange={(e) => set('expert', e.currentTarget.checked)}
          />
        </SimpleGrid>
        {errorList.length > 0 ? (
          <Alert
            color="red"
            variant="light"
            title={`请改正以下 ${errorList.length} 处`}
            data-testid="inspector-form-errors"
          >
            <List size="sm">
              {errorList.map((m) => (
                <List.Item key={m}>{m}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        {errorList.length === 0 && warnings.length > 0 ? (
          <Alert color="orange" variant="light" title="请核对" data-testid="inspector-form-warnings">
            <List size="sm">
              {warnings.map((m) => (
                <List.Item key={m}>{m}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <ErrorNote error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            取消
          </Button>
          <Button loading={save.busy} onClick={submit} data-testid="inspector-save">
            {warned ? '核对无误，保存' : '保存'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
