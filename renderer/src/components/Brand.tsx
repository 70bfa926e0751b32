import { Group, Text, ThemeIcon } from '@mantine/core';

/** The product mark: a plain seal-like square with 信, no image assets needed. */
export function BrandMark({ size = 30 }: { size?: number }) {
  return (
    <ThemeIcon size={size} radius="sm" variant="filled" aria-hidden>
      <Text fw={700} fz={size * 0.55} lh={1} c="white">
        信
      </Text>
    </ThemeIcon>
  );
}

export function Brand({ subtitle }: { subtitle?: string | null }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <BrandMark />
      <div>
        <Text fw={600} fz="lg" lh={1.2}>
          信用分级分类监管工作台
        </Text>
        {subtitle ? (
          <Text fz="xs" c="dimmed" lh={1.3}>
            {subtitle}
          </Text>
        ) : null}
      </div>
    </Group>
  );
}
