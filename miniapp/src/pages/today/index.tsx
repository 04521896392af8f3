import { PageMeta, Text, View } from "@tarojs/components";

export default function Today() {
  return (
    <View>
      <PageMeta rootFontSize="system" />
      <Text>今天</Text>
    </View>
  );
}
