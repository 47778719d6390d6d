/// <reference types="vite-plugin-pwa/client" />
declare module 'virtual:jiafang-introspection' {
    import type { IntrospectionSchema } from 'graphql';
    const schema: IntrospectionSchema;
    export default schema;
}

declare module 'virtual:jiafang-examples' {
    const examples: { title: string; query: string }[];
    export default examples;
}
