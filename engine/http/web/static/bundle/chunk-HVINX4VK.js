import{a as e,b as r}from"./chunk-WRNUJAJA.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as ArchitectureModule,r as createArchitectureServices};
