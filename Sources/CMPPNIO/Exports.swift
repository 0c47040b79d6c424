// One import gives the codec too: `import CMPPNIO` is all an SP's code needs.
@_exported import CMPPCore
