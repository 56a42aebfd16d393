import{a as e,b as r}from"./chunk-BNO2ESLC.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as CynefinModule,r as createCynefinServices};
